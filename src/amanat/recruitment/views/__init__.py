from amanat.recruitment.views.ads import ad_delete, ad_detail, ad_link, ad_list, ad_unlink
from amanat.recruitment.views.case_page import case_section
from amanat.recruitment.views.screen import screen
from amanat.recruitment.views.stats import statistics

__all__ = [
    "ad_delete",
    "ad_detail",
    "ad_link",
    "ad_list",
    "ad_unlink",
    "case_section",
    "screen",
    "statistics",
]
