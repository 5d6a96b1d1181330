"""ORM models, one module per aggregate. Importing this package registers every table."""

from .access import Restriction, RestrictionGrant, Team, TeamMember
from .assessments import Assessment, AssessmentStatus, SchemeDefinition
from .audit import AuditEvent, UserCertificate
from .base import Base, metadata
from .calibration import CalibrationAnswer, CalibrationExercise
from .charts import ChartLayout
from .exchange import (
    DuplicateDecision,
    ExchangeBaseline,
    ExchangeConflict,
    ExchangePartner,
    ExchangeSent,
    ImportKey,
    Merge,
)
from .impact import BestPractice, Disruption, DisruptionAgency, DisruptionOutcome, FourPPlan, PlanAction
from .intel import IntelRequirement, RequirementAgency, RequirementResponse, RequirementSubject, TriggerReport
from .levels import ManagementLevelDecision
from .reference import Agency, CrimeType, Force, ReferenceCounter, Unit, WorkspaceMeta
from .server import ServerKeyFile
from .subjects import (
                       Group,
                       GroupCrimeType,
                       GroupLink,
                       GroupMember,
                       GroupReach,
                       Nominal,
                       NominalAssociation,
                       NominalIdentifier,
                       Subject,
                       SubjectAlias,
                       Vulnerability,
                       VulnerabilityLink,
)
from .tasking import TaskingRequest, TcgAction, TcgDecision, TcgMeeting
from .users import User

__all__ = ["Base", "metadata", "CrimeType", "Force", "Agency", "Unit", "ReferenceCounter",
           "WorkspaceMeta", "User", "Subject", "Group", "Nominal", "Vulnerability", "SubjectAlias",
           "NominalIdentifier", "GroupMember", "GroupCrimeType", "GroupReach", "GroupLink",
           "NominalAssociation", "VulnerabilityLink", "AuditEvent", "UserCertificate", "Restriction", "RestrictionGrant", "Team", "TeamMember", "ExchangeBaseline", "ExchangeSent", "ExchangeConflict",
           "ExchangePartner", "DuplicateDecision", "ImportKey", "Merge", "Assessment", "AssessmentStatus", "SchemeDefinition",
           "IntelRequirement", "RequirementAgency", "RequirementResponse", "RequirementSubject", "TriggerReport",
           "TaskingRequest", "TcgMeeting", "TcgDecision", "TcgAction",
           "BestPractice", "Disruption", "DisruptionAgency", "DisruptionOutcome", "FourPPlan", "PlanAction",
           "ChartLayout", "CalibrationExercise", "CalibrationAnswer", "ManagementLevelDecision", "ServerKeyFile"]
