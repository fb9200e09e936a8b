"""Katalog Pelatihan: a static-site generator for a bilingual training catalogue (see README.md).

The command line is ``katalog.cli``; the order of a build's stages is ``katalog.pipeline``.
"""
