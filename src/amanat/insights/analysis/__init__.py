"""Research analyses (issue 15): needs, reintegration patterns and online recruitment as tested
statistics with small-cell suppression. Pure engines: no Django (see pyproject's contracts); the
database readers are in `amanat.insights.analysis_data`, the file readers in `inputs`.
"""
