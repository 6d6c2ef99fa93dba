class GradcheckError(RuntimeError): pass
def gradcheck(*a, **k): pass
def gradgradcheck(*a, **k): pass
