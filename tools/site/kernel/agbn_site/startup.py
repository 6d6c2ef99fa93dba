# The site's PYTHONSTARTUP file: IPython runs it in the user's namespace when the kernel starts.
import agbn_site as _agbn_site
_agbn_site.configure()
del _agbn_site
