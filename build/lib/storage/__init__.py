"""All SQL of the project: the database connection, numbered migrations and one module per table."""
