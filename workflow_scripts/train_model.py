"""Train one model variant on a source for one seed, then embed every track it can read."""

import torch

from musiclust.config.model_specs import ModelSpec
from musiclust.data.spaces import write_embedding
from musiclust.models.inputs import InputFiles
from musiclust.models.training import TrainConfig, train_and_embed
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    torch.set_num_threads(snakemake.threads)
    history, emb = train_and_embed(
        ModelSpec.from_dict(snakemake.params.spec),
        TrainConfig.from_dict(snakemake.params.training),
        InputFiles.of(snakemake.input.features, snakemake.input.get("text"), snakemake.params.conditions),
        snakemake.output.checkpoint,
        snakemake.params.split_groups,
    )
    history.to_csv(snakemake.output.history, index=False)
    best = history[history["best"]]
    log.info(
        "trained %d epochs (%d train / %d validation tracks); best epoch %s",
        len(history),
        history["n_train"].iloc[0],
        history["n_val"].iloc[0],
        best["epoch"].tolist(),
    )
    write_embedding(emb, snakemake.output.embedding)
    log.info("embedded %d tracks into %d dimensions", *emb.shape)
