from . import access_chronology, access_merged, access_sections, access_versions, access_workflow

# Each part of scoping returns registers its URLs with the access matrix and the robustness
# harness in its own module.
PARTS = (access_sections, access_chronology, access_workflow, access_merged, access_versions)
