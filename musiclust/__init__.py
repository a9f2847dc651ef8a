"""musiclust: clustering hybrid-language music with variational autoencoders."""

__version__ = "0.1.0"
