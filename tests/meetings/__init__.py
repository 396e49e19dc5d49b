from . import access_arrange, access_pack, access_records

# Each part of the meeting registers its URLs with the access matrix and the robustness harness
# in its own module.
PARTS = (access_arrange, access_pack, access_records)
