"""What people see: the review web app, static export, digest and alert emails, drafts."""
