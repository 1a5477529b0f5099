"""The workflows that join computing (`checks`) and storing (`db`), one module per job; each
is called by both the command line and the app."""
