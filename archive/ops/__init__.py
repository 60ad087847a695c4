"""Operations tools: the embedded server, backups, load generation, benchmarks, the corpus generator.

Ops may import the apps; no app imports ops.
"""
