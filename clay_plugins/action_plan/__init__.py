"""clay-action-plan: the regional Action Plan, chapter by chapter, in every language."""
