from amanat.recruitment.views.ads import ad_delete, ad_detail, ad_link, ad_list
from amanat.recruitment.views.case_page import case_section
from amanat.recruitment.views.screen import screen
from amanat.recruitment.views.stats import statistics

__all__ = ["ad_delete", "ad_detail", "ad_link", "ad_list", "case_section", "screen", "statistics"]
