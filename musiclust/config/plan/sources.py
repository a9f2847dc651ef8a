"""The plan's sources: what kind each is, its settings as its jobs see them, its files."""

from __future__ import annotations

from typing import Mapping

from musiclust.config.names import ADAPTER_TRAITS, Adapter


def source_kinds(config: Mapping, sources) -> dict[str, tuple[str, ...]]:
    """The active sources by kind: feature tables, pools of other sources' lyrics, audio decoded
    here, and the sources with lyrics."""

    def adapter(s: str) -> Adapter:
        return ADAPTER_TRAITS[config["sources"][s]["adapter"]]

    features = {s: adapter(s).features_of(config["sources"][s]) for s in sources}
    tables = tuple(s for s in sources if features[s] == "table")
    return {
        "table_sources": tables,
        "combined_sources": tuple(s for s in sources if adapter(s).pools),
        "audio_sources": tuple(
            s for s in sources if features[s] == "audio" and config["sources"][s].get("audio", True)
        ),
        "lyrics_sources": tuple(
            s for s in sources if config["sources"][s].get("lyrics", adapter(s).lyrics) and s not in tables
        ),
    }


class SourceRole:
    """Part of ``Plan``: its sources."""

    @property
    def feature_sources(self) -> tuple[str, ...]:
        """Sources with an audio feature table: decoded here or precomputed."""
        return self.audio_sources + self.table_sources

    def feature_settings(self) -> dict:
        """The per-clip feature settings (the features section without the job layout)."""
        return {k: v for k, v in self.config["features"].items() if k != "n_shards"}

    def text_settings(self) -> dict:
        """The lyric-embedding settings (the text section without the lists of what to build), with the seed."""
        skip = {"methods", "extra_corpus", "pretrained_vectors"}
        return {**{k: v for k, v in self.config["text"].items() if k not in skip}, "seed": self.config["seed"]}

    def adapter(self, source: str) -> Adapter:
        """The traits of a source's adapter."""
        return ADAPTER_TRAITS[self.config["sources"][source]["adapter"]]

    # A source's settings for what is made of its tracks, not the tracks: left out of its config
    # as the track-table rules see it, so that changing them rebuilds no track table.
    NOT_TRACK_SETTINGS = ("training", "text_methods")

    def source_config(self, name: str) -> dict:
        """A source's config with its name (without NOT_TRACK_SETTINGS); a combined source gets
        its members' configs too."""
        own = {k: v for k, v in self.config["sources"][name].items() if k not in self.NOT_TRACK_SETTINGS}
        cfg = {"name": name, **own}
        if self.adapter(name).pools:
            cfg["members"] = [self.source_config(member) for member in cfg["combine"]]
        return cfg

    def source_files(self, name: str) -> list[str]:
        """The manifest / metadata / table files a source is read from (its members' for a combined one)."""
        cfg = self.config["sources"][name]
        if self.adapter(name).pools:
            return [path for member in cfg["combine"] for path in self.source_files(member)]
        location = cfg.get("location")
        return [] if not location else [location] if isinstance(location, str) else list(location)

    def mirrors(self, source: str) -> list[str]:
        m = self.config["sources"][source].get("mirror", [])
        return [m] if isinstance(m, str) else list(m)

    def audited_sources(self) -> list[str]:
        """Sources that combine datasets (several feature tables, or pooled sources): the confound audit's."""
        multi_table = [s for s in self.table_sources if isinstance(self.config["sources"][s].get("location"), list)]
        return multi_table + list(self.combined_sources)
