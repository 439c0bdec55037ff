"""What a benchmark measured: the commit, and whether ``src/`` had uncommitted changes on top."""

import hashlib
import subprocess


def source_state() -> str:
    """The commit measured, and a digest of any uncommitted changes to ``src/`` on top of it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False).stdout

    head = git("rev-parse", "--short", "HEAD").strip()
    changes = git("status", "--porcelain", "--", "src")
    if not changes:
        return f"src at {head}"
    digest = hashlib.sha1((git("diff", "HEAD", "--", "src") + changes).encode()).hexdigest()[:8]
    return f"src at {head} + {len(changes.splitlines())} uncommitted paths (digest {digest})"
