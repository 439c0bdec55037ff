"""What a benchmark measured: the commit, and whether ``src/`` had uncommitted changes on top."""

import hashlib
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def source_state() -> str:
    """The commit measured, and a digest of any uncommitted changes to ``src/`` on top of it."""

    def git(*args: str) -> str:
        # From the repository's root, whatever the working directory: "src" is relative to it.
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                              check=False).stdout  # fmt: skip

    head = git("rev-parse", "--short", "HEAD").strip()
    changes = git("status", "--porcelain", "--", "src")
    if not changes:
        return f"src at {head}"
    digest = hashlib.sha1((git("diff", "HEAD", "--", "src") + changes).encode()).hexdigest()[:8]
    return f"src at {head} + {len(changes.splitlines())} uncommitted paths (digest {digest})"
