"""Train one registered model on a source's summary features."""

import torch

from musiclust.train import train_model_on_features
from musiclust.train import TrainConfig
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    torch.set_num_threads(snakemake.threads)
    history = train_model_on_features(
        snakemake.input.features,
        snakemake.wildcards.model,
        snakemake.params.model_kwargs,
        TrainConfig.from_dict(snakemake.params.training),
        snakemake.output.checkpoint,
    )
    history.to_csv(snakemake.output.history, index=False)
    best = history[history["best"]]
    log.info("trained %d epochs; best epoch %s", len(history), best["epoch"].tolist())
