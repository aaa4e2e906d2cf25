"""The platform on top: demo data, backup and restore, the serve/demo/backup commands."""
