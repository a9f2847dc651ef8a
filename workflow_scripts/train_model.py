"""Train model variants on a source once per seed each, embedding every track each can read."""

import torch

from musiclust.config.model_specs import ModelSpec
from musiclust.data.atomic import write_csv
from musiclust.data.spaces import write_embedding
from musiclust.jobs import logged
from musiclust.models.inputs import InputFiles
from musiclust.models.training import TrainConfig, train_and_embed

with logged(snakemake.log[0]) as log:
    torch.set_num_threads(snakemake.threads)
    out, seeds = snakemake.output, snakemake.params.seeds
    files = InputFiles.of(snakemake.input.features, snakemake.input.get("text"), snakemake.params.conditions)
    for i, variant in enumerate(snakemake.params.variants):
        part = slice(i * len(seeds), (i + 1) * len(seeds))
        runs = train_and_embed(
            ModelSpec.from_dict(variant["spec"]),
            TrainConfig.from_dict(variant["training"]),
            files,
            dict(zip(seeds, out.checkpoints[part])),
            snakemake.params.split_groups,
        )
        for (seed, history, emb), history_path, embedding_path in zip(runs, out.histories[part], out.embeddings[part]):
            write_csv(history, history_path, index=False)
            write_embedding(emb, embedding_path)
            log.info(
                "%s seed %d: %d epochs (%d train / %d validation tracks), best epoch %s; "
                "embedded %d tracks in %d dimensions",
                variant["spec"]["name"],
                seed,
                len(history),
                history["n_train"].iloc[0],
                history["n_val"].iloc[0],
                history.loc[history["best"], "epoch"].tolist(),
                *emb.shape,
            )
