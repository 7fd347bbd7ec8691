"""The report reader's lists, defined once: the schemas of report_vocabulary.json and report_texts.json take them
(scripts/sync_vocabularies.py), so the data cannot name a kind, topic or reason the code does not know."""

REPORT_KINDS = ("herniation", "stenosis", "spondylolisthesis", "far_out")  # lesion kinds a report can name
# What a report can say that the model explains but does not draw (or not at that level).
TOPICS = ("facet_arthropathy", "flavum_thickening", "synovial_cyst", "annular_fissure", "disc_degeneration",
          "endplate_change", "retrolisthesis", "pars_defect", "herniation", "foraminal_stenosis",
          "lateral_recess_stenosis", "central_stenosis", "spondylolisthesis")
# Why a finding is unsure or only noted (report_texts.json words each).
REASONS = ("uncertain", "no_type", "no_zone", "no_side", "zone_ambiguous", "no_grade", "milder_unstated",
           "migration_not_possible", "not_modelled", "level_not_modelled", "grade_not_modelled")
REPORT_LEVELS = ("T12-L1", "L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1")  # the disc levels a report names
