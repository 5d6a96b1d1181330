"""The Impact area: disruptions, 4P plans, dashboards, best practice."""
