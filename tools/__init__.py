"""Developer tools of autograd_bn (not shipped with the package)."""
