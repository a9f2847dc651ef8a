# The paper (target `paper`): a NeurIPS-style PDF typeset with Typst from the run's tables and
# figures; its numbers and claims are computed from them (musiclust.paper).
rule paper:
    input:
        unpack(get_paper_inputs),
    output:
        pdf=report("results/paper/paper.pdf", caption="../report/paper.rst", category="Paper"),
        data="results/paper/data.json",
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
        settings=plan.paper_settings(),
        config=config,
        seed=config["seed"],
    script:
        "../workflow_scripts/build_paper.py"
