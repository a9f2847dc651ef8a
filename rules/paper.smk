# The paper (target `paper`): a NeurIPS-style PDF typeset with Typst from the run's tables and
# figures; its numbers and claims are computed from them (musiclust.paper).
rule paper:
    input:
        unpack(lambda wc: paper_inputs(plan)),
    output:
        pdf=report(paths.PAPER, caption="../report/paper.rst", category="Paper"),
        data=paths.PAPER_DATA,
    log:
        "logs/paper.log",
    benchmark:
        "logs/benchmarks/paper.tsv"
    conda:
        "../envs/paper.yaml"
    threads: 1
    resources:
        **plan.resources("paper"),
    params:
        settings=paper_settings(plan),
        config=config,
        seed=config["seed"],
    script:
        "../workflow_scripts/build_paper.py"
