from . import access_decision, access_panel, access_report

# Each part of the decision and the report registers its URLs with the access matrix and the
# robustness harness in its own module.
PARTS = (access_decision, access_report, access_panel)
