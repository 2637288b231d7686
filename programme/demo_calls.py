"""Demo calls and applications."""


def seed(log):
    pass
