import pytest
import torch


@pytest.fixture(autouse=True, scope="session")
def one_torch_thread():
    """The toy models here are far too small for intra-op threads to pay (they only contend)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
