"""Train one model variant on a source once per seed, embedding every track it can read."""

import torch

from musiclust.config.model_specs import ModelSpec
from musiclust.data.spaces import write_embedding
from musiclust.models.inputs import InputFiles
from musiclust.models.training import TrainConfig, train_and_embed
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    torch.set_num_threads(snakemake.threads)
    out = snakemake.output
    runs = train_and_embed(
        ModelSpec.from_dict(snakemake.params.spec),
        TrainConfig.from_dict(snakemake.params.training),
        InputFiles.of(snakemake.input.features, snakemake.input.get("text"), snakemake.params.conditions),
        dict(zip(snakemake.params.seeds, out.checkpoints)),
        snakemake.params.split_groups,
    )
    for (seed, history, emb), history_path, embedding_path in zip(runs, out.histories, out.embeddings):
        history.to_csv(history_path, index=False)
        write_embedding(emb, embedding_path)
        log.info(
            "seed %d: %d epochs (%d train / %d validation tracks), best epoch %s; embedded %d tracks in %d dimensions",
            seed,
            len(history),
            history["n_train"].iloc[0],
            history["n_val"].iloc[0],
            history.loc[history["best"], "epoch"].tolist(),
            *emb.shape,
        )
