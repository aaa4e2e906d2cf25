"""Error reports that never carry personal data.

Django's debug and e-mail error reports include POST bodies and local variables; here both are
replaced, whatever the field names are, because case forms carry names, phones and narratives.
"""

from __future__ import annotations

from django.views.debug import SafeExceptionReporterFilter


class PersonalDataFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def is_active(self, request):
        return True
