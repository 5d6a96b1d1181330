"""ORM models, one module per aggregate. Importing this package registers every table."""

from .base import Base, metadata
from .reference import CrimeType, Force, Agency, Unit, ReferenceCounter, WorkspaceMeta
from .users import User
from .subjects import (Subject, Group, Nominal, Vulnerability, SubjectAlias, NominalIdentifier,
                       GroupMember, GroupCrimeType, GroupReach, GroupLink, NominalAssociation)
from .audit import AuditEvent, UserCertificate
from .access import Restriction, RestrictionGrant, Team, TeamMember
from .exchange import DuplicateDecision, ExchangeBaseline, ExchangeConflict, ExchangePartner, ImportKey, Merge
from .assessments import Assessment, AssessmentStatus, SchemeDefinition
from .intel import IntelRequirement, RequirementAgency, RequirementResponse, RequirementSubject, TriggerReport
from .tasking import TaskingRequest, TcgAction, TcgDecision, TcgMeeting
from .impact import BestPractice, Disruption, DisruptionAgency, DisruptionOutcome, FourPPlan, PlanAction

__all__ = ["Base", "metadata", "CrimeType", "Force", "Agency", "Unit", "ReferenceCounter",
           "WorkspaceMeta", "User", "Subject", "Group", "Nominal", "Vulnerability", "SubjectAlias",
           "NominalIdentifier", "GroupMember", "GroupCrimeType", "GroupReach", "GroupLink",
           "NominalAssociation", "AuditEvent", "UserCertificate", "Restriction", "RestrictionGrant", "Team", "TeamMember", "ExchangeBaseline", "ExchangeConflict",
           "ExchangePartner", "DuplicateDecision", "ImportKey", "Merge", "Assessment", "AssessmentStatus", "SchemeDefinition",
           "IntelRequirement", "RequirementAgency", "RequirementResponse", "RequirementSubject", "TriggerReport",
           "TaskingRequest", "TcgMeeting", "TcgDecision", "TcgAction",
           "BestPractice", "Disruption", "DisruptionAgency", "DisruptionOutcome", "FourPPlan", "PlanAction"]
