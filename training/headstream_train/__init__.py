"""Training, data conversion and export for the headstream multi-task model."""
