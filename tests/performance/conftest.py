import pytest
from django.core.management import call_command


@pytest.fixture
def scale(db):
    """A generated data set of ``size`` schools × 2 years on top of the demo accounts."""

    def make(size: int, years: int = 2) -> None:
        from demo import accounts as demo

        demo.load()
        call_command("seed_scale", schools=size, years=years, verbosity=0, stdout=_Null())

    return make


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
