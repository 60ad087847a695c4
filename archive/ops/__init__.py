"""Operations tools: the embedded server, backups, load generation, benchmark, corpus generator.

Ops may import the apps; no app imports ops.
"""
