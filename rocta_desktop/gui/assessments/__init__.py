"""The Assessments area: the MoRiLE/OCGM wizard, supervisor review, lists of work and reviews due."""
