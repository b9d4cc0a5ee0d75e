"""The formats the core itself provides, registered through entry points like any plugin."""
