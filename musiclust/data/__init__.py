"""Data in: dataset adapters, downloads, track ids, rejections, checksums, scaling and space files."""

__all__ = ["adapters", "download", "hashing", "ids", "labels", "rejects", "scaling", "sources", "spaces"]
