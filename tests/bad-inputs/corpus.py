"""The bad-input corpus of issue 20, run by run.sh: a hostile but fair new user against the CLI, as processes.

Every case runs `dotnet CorrectNet.Cli.dll ...` in a scratch directory and gets a verdict:
  clear-error       exit 1, one message that names the file or option given (no stack trace);
  identical-result  exit 0 and the same numbers as the intact input (or a resumed run equal to an uninterrupted one);
  valid-result      a legitimate boundary value: exit 0 with finite numbers;
  BAD               anything else: exit 0 with a wrong or NaN number, an abort (134) or internal error (70), a stack
                    trace, a message naming no file or option, a hang.
"""
import argparse
import gzip
import hashlib
import json
import math
import os
import shutil
import signal
import struct
import subprocess
import sys
import time

p = argparse.ArgumentParser()
p.add_argument("--cli", required=True)
p.add_argument("--data", required=True)
p.add_argument("--scratch", required=True)
p.add_argument("--out", required=True)
p.add_argument("--filter", default=os.environ.get("FILTER", ""))
args = p.parse_args()

S = args.scratch
ENV = dict(os.environ, OMP_NUM_THREADS="1", DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_DbgEnableMiniDump="0",
           CORRECTNET_CACHE=os.path.join(S, "cache"), TMPDIR=S)
TIMEOUT = 600
rows = []


def cli(argv, timeout=TIMEOUT):
    start = time.time()
    try:
        r = subprocess.run(["dotnet", args.cli] + argv, cwd=S, env=ENV, capture_output=True, text=True,
                           timeout=timeout)
        return r.returncode, r.stdout, r.stderr, time.time() - start
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or "", e.stderr or "", time.time() - start


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def has_trace(text):
    return any(line.lstrip().startswith("at ") and "(" in line for line in text.splitlines()) \
        or "Unhandled exception" in text


def numbers_of(stdout):
    """The JSON object on stdout (None when stdout is not one JSON object)."""
    try:
        return json.loads(stdout)
    except ValueError:
        return None


def non_finite(value):
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(non_finite(v) for v in value.values())
    if isinstance(value, list):
        return any(non_finite(v) for v in value)
    return False


def short(argv):
    text = " ".join(a.replace(S, "$S").replace(args.data, "$DATA") for a in argv)
    return text if len(text) <= 110 else text[:107] + "..."


def record(kind, name, argv, code, err, verdict, why=""):
    rows.append((kind, name, short(argv), code, first_line(err).replace(S, "$S")[:150], verdict, why))
    print(f"{verdict:16} {code!s:7} {kind}/{name}: {first_line(err)[:100]} {why}", flush=True)


def case(kind, name, argv, expect="error", names=None, reference=None, fields=None, timeout=TIMEOUT):
    """expect: error (must name one of `names`), same (JSON equal to `reference` on `fields`), valid, either."""
    if args.filter and args.filter not in f"{kind}/{name}":
        return None
    code, out, err, _ = cli(argv, timeout)
    verdict, why = "BAD", ""
    result = numbers_of(out)
    if code == "timeout":
        why = "no answer within the time limit"
    elif has_trace(err) or has_trace(out):
        why = "stack trace"
    elif code in (134, 70, 139, 137):
        why = f"abort or internal error (exit {code})"
    elif code == 0:
        if expect == "error":
            why = "exit 0 where an error was expected"
            if result is not None and non_finite(result):
                why += " (non-finite number)"
        elif result is not None and non_finite(result):
            why = "non-finite number with exit 0"
        elif expect in ("same", "either") and reference is not None:
            if result is None:
                why = "stdout is not JSON"
            else:
                diff = [f for f in fields if result.get(f) != reference.get(f)]
                verdict, why = ("identical-result", "") if not diff else ("BAD", f"differs in {diff}")
        elif expect in ("valid", "either"):
            verdict = "valid-result" if (result is not None or "--json" not in argv) else "BAD"
            why = "" if verdict != "BAD" else "stdout is not JSON"
        else:
            why = "exit 0 unexpectedly"
    elif code == 1 or code == 2:
        if expect in ("same", "valid"):
            why = f"exit {code} on a valid input"
        elif err.strip() == "":
            why = "no message"
        elif names and not any(n.lower() in err.lower() for n in names):
            why = f"message names none of {names}"
        elif len([line for line in err.splitlines() if line.strip()]) > 6:
            why = "more than a short message"
        else:
            verdict = "clear-error"
    else:
        why = f"exit {code}"
    record(kind, name, argv, code, err, verdict, why)
    return code, out, err


# --- fixtures -------------------------------------------------------------------------------------------------------
os.makedirs(S, exist_ok=True)
FM = os.path.join(args.data, "fashion-mnist")
CKPT = os.path.join(S, "tiny.ckpt")
EVAL = ["--chips", "2", "--max-test", "100", "--calibration-images", "64", "--json"]
EVAL_FIELDS = ["clean_accuracy", "mean_accuracy", "std_accuracy", "p5_accuracy", "median_accuracy", "p95_accuracy",
               "adc_noise_lsb", "test_images", "calibration_images", "adc_energy_pj"]

code, out, err, _ = cli(["train", "--epochs", "1", "--max-train", "300", "--max-test", "200", "--data", args.data,
                         "--out", CKPT, "--json"])
train_ref = numbers_of(out)
record("json", "train-stdout-is-json", ["train", "...", "--json"], code, err,
       "valid-result" if code == 0 and train_ref is not None and not non_finite(train_ref) else "BAD")
if code != 0:
    sys.exit(f"the fixture training failed: {err}")


DATA = args.data  # the small valid copy once it is made


def evaluate(checkpoint=CKPT, data=None, extra=()):
    return ["evaluate", "--checkpoint", checkpoint, "--data", data or DATA, "--preset", "rram", "--sigma", "0.3"] \
        + EVAL + list(extra)


code, out, err, _ = cli(evaluate())
eval_ref = numbers_of(out)
record("json", "evaluate-stdout-is-json", evaluate(), code, err,
       "valid-result" if code == 0 and eval_ref is not None and not non_finite(eval_ref) else "BAD")

# --- data files -----------------------------------------------------------------------------------------------------
FILES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz"]


def gz1(data):
    return gzip.compress(data, compresslevel=1)


def first_records(data, images, count):
    """A valid IDX file holding the first `count` records of `data`."""
    size = 784 if images else 1
    start = 16 if images else 8
    return data[:4] + struct.pack(">i", count) + data[8:start] + data[start:start + count * size]


# The damaged variants start from a small valid copy (the first 2 000 training and 500 test images): evaluate reads
# only the first images (--max-test, --calibration-images), so its numbers are those of the full files, and each
# case costs seconds instead of a minute of gzip on a loaded machine.
full = {f: gzip.decompress(open(os.path.join(FM, f), "rb").read()) for f in FILES}
raw = {f: first_records(full[f], "images" in f, 2000 if f.startswith("train") else 500) for f in FILES}
del full
SMALL = os.path.join(S, "data-small")
os.makedirs(os.path.join(SMALL, "fashion-mnist"), exist_ok=True)
for f in FILES:
    open(os.path.join(SMALL, "fashion-mnist", f), "wb").write(gz1(raw[f]))
FM = os.path.join(SMALL, "fashion-mnist")
DATA = SMALL
case("data", "small-valid-copy", evaluate(), expect="same", reference=eval_ref, fields=EVAL_FIELDS)


def data_variant(tag, file, content=None, make=None):
    folder = os.path.join(S, "data-" + tag)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "fashion-mnist"))
    for f in FILES:
        if f != file:
            os.symlink(os.path.join(FM, f), os.path.join(folder, "fashion-mnist", f))
    target = os.path.join(folder, "fashion-mnist", file)
    if make is not None:
        make(target)
    elif content is not None:
        open(target, "wb").write(content)
    return folder


def header_edit(data, offset, value):
    b = bytearray(data)
    b[offset:offset + 4] = struct.pack(">i", value)
    return bytes(b)


for f in FILES:
    short_name = f.split("-idx")[0]
    gz = open(os.path.join(FM, f), "rb").read()
    images = "images" in f
    variants = {
        "gzip-truncated-half": gz[:len(gz) // 2],
        "gzip-truncated-10": gz[:-10],
        "empty": b"",
        "not-gzip": b"this is not a gzip file\n" * 10,
        "payload-truncated": gz1(raw[f][:len(raw[f]) // 2]),
        "header-only": gz1(raw[f][:16 if images else 8]),
        "wrong-magic": gz1(b"\x00\x00\x08\x04" + raw[f][4:]),
        "count-larger": gz1(header_edit(raw[f], 4, struct.unpack(">i", raw[f][4:8])[0] + 1)),
        "count-huge": gz1(header_edit(raw[f], 4, 2_700_000)),
        "count-negative": gz1(header_edit(raw[f], 4, -5)),
        "count-zero": gz1(header_edit(raw[f], 4, 0)[:16 if images else 8]),
        "bytes-appended": gz1(raw[f] + b"\x00" * 100),
    }
    if images:
        variants["rows-27"] = gz1(header_edit(raw[f], 8, 27))
    else:
        b = bytearray(raw[f])
        b[8 + 3] = 200
        variants["label-200"] = gz1(bytes(b))
    for tag, content in variants.items():
        folder = data_variant(f"{short_name}-{tag}", f, content)
        expect = "either" if tag == "bytes-appended" else "error"
        case("data", f"{short_name}-{tag}", evaluate(data=folder), expect, names=[f], reference=eval_ref,
             fields=EVAL_FIELDS)
    folder = data_variant(f"{short_name}-directory", f, make=os.mkdir)
    case("data", f"{short_name}-directory", evaluate(data=folder), names=[f])
    folder = data_variant(f"{short_name}-missing", f, make=lambda target: None)
    case("data", f"{short_name}-missing", evaluate(data=folder), names=[f])

# A train on a folder that is a file, and on a folder that does not exist.
open(os.path.join(S, "a-file"), "w").write("x")
case("data", "data-folder-is-a-file", evaluate(data=os.path.join(S, "a-file")), names=["a-file", "--data"])
case("data", "data-folder-missing", evaluate(data=os.path.join(S, "nowhere")), names=["nowhere", "--data"])

# CIFAR-10: a tiny valid set, then damaged records.
CIFAR = os.path.join(S, "cifar-ok", "cifar10")
os.makedirs(CIFAR, exist_ok=True)
CIFAR_FILES = [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]
for i, f in enumerate(CIFAR_FILES):
    with open(os.path.join(CIFAR, f), "wb") as out_file:
        for r in range(40):
            out_file.write(bytes([(r + i) % 10]) + bytes(((r * 7 + k) % 256) for k in range(3072)))
cifar_ckpt = os.path.join(S, "cifar.ckpt")
cifar_train = ["train", "--dataset", "cifar10", "--model", "lenet5", "--epochs", "1", "--data",
               os.path.join(S, "cifar-ok"), "--json"]
case("cifar", "tiny-valid-set-trains", cifar_train + ["--out", cifar_ckpt], expect="valid")


def cifar_variant(tag, file, content=None, make=None):
    folder = os.path.join(S, "cifar-" + tag)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "cifar10"))
    for f in CIFAR_FILES:
        if f != file:
            os.symlink(os.path.join(CIFAR, f), os.path.join(folder, "cifar10", f))
    target = os.path.join(folder, "cifar10", file)
    if make is not None:
        make(target)
    elif content is not None:
        open(target, "wb").write(content)
    return folder


good = open(os.path.join(CIFAR, "data_batch_1.bin"), "rb").read()
bad_label = bytearray(good)
bad_label[3073 * 5] = 10
for tag, file, content in [
        ("record-truncated", "data_batch_1.bin", good[:-100]),
        ("empty", "test_batch.bin", b""),
        ("label-10", "data_batch_1.bin", bytes(bad_label)),
        ("one-byte-appended", "data_batch_3.bin", good + b"\x01"),
        ("text", "test_batch.bin", b"hello\n" * 1000)]:
    folder = cifar_variant(tag, file, content)
    case("cifar", tag, ["train", "--dataset", "cifar10", "--epochs", "1", "--data", folder, "--out",
                        os.path.join(S, f"cifar-{tag}.ckpt"), "--json"], names=[file])
folder = cifar_variant("missing", "data_batch_4.bin", make=lambda target: None)
case("cifar", "missing-batch", ["train", "--dataset", "cifar10", "--epochs", "1", "--data", folder, "--out",
                                os.path.join(S, "cifar-missing.ckpt")], names=["data_batch_4.bin"])
folder = cifar_variant("directory", "data_batch_2.bin", make=os.mkdir)
case("cifar", "batch-is-a-directory", ["train", "--dataset", "cifar10", "--epochs", "1", "--data", folder,
                                       "--out", os.path.join(S, "cifar-dir.ckpt")], names=["data_batch_2.bin"])
case("cifar", "cifar-checkpoint-on-fashion-mnist", evaluate(checkpoint=cifar_ckpt), expect="either",
     names=["cifar", "channel"])

# --- checkpoints ----------------------------------------------------------------------------------------------------
ck = open(CKPT, "rb").read()
H = struct.unpack("<i", ck[8:12])[0]
B = struct.unpack("<q", ck[12:20])[0]


def rehash(header_bytes, body, magic=b"CNCKPT02"):
    pre = magic + struct.pack("<i", len(header_bytes)) + struct.pack("<q", len(body)) \
        + hashlib.sha256(header_bytes).digest() + hashlib.sha256(body).digest()
    return pre + hashlib.sha256(pre).digest() + header_bytes + body


def flip(data, offset):
    b = bytearray(data)
    b[offset] ^= 0x5A
    return bytes(b)


header = json.loads(ck[116:116 + H])
newer = dict(header, library_version="99.0.0")
checkpoints = {
    "flip-magic": flip(ck, 3),
    "flip-header-length": flip(ck, 9),
    "flip-body-length": flip(ck, 13),
    "flip-header-hash": flip(ck, 30),
    "flip-body-hash": flip(ck, 60),
    "flip-preamble-hash": flip(ck, 100),
    "flip-header-json": flip(ck, 116 + H // 2),
    "flip-weights-first": flip(ck, 116 + H + 10),
    "flip-weights-middle": flip(ck, 116 + H + B // 2),
    "flip-weights-last": flip(ck, len(ck) - 1),
    "truncated-10": ck[:-10],
    "truncated-half": ck[:len(ck) // 2],
    "truncated-in-header": ck[:116 + H // 2],
    "truncated-preamble": ck[:50],
    "empty": b"",
    "appended-1": ck + b"\x00",
    "appended-1000": ck + os.urandom(1000),
    "newer-library-version": rehash(json.dumps(newer).encode(), ck[116 + H:]),
    "newer-container-magic": rehash(ck[116:116 + H], ck[116 + H:], b"CNCKPT03"),
    "text-file": b"not a checkpoint\n",
    "header-not-json": rehash(b"{not json", ck[116 + H:]),
}
for tag, content in checkpoints.items():
    path = os.path.join(S, f"ckpt-{tag}.ckpt")
    open(path, "wb").write(content)
    case("checkpoint", f"evaluate-{tag}", evaluate(checkpoint=path), names=[f"ckpt-{tag}.ckpt"])
# A finished run rerun on a damaged checkpoint must verify its weights before it reports its history.
for tag in ["flip-weights-middle", "truncated-10", "appended-1", "newer-library-version"]:
    path = os.path.join(S, f"resume-{tag}.ckpt")
    open(path, "wb").write(checkpoints[tag])
    case("checkpoint", f"train-rerun-{tag}", ["train", "--epochs", "1", "--max-train", "300", "--max-test", "200",
                                              "--data", DATA, "--out", path, "--json"],
         names=[f"resume-{tag}.ckpt"])
os.makedirs(os.path.join(S, "ckpt-dir.ckpt"), exist_ok=True)
case("checkpoint", "evaluate-directory", evaluate(checkpoint=os.path.join(S, "ckpt-dir.ckpt")),
     names=["ckpt-dir.ckpt"])
case("checkpoint", "evaluate-missing", evaluate(checkpoint=os.path.join(S, "none.ckpt")), names=["none.ckpt"])
case("checkpoint", "place-flip-weights", ["place", "--checkpoint", os.path.join(S, "ckpt-flip-weights-middle.ckpt"),
                                          "--layers", "fc3", "--profile", "quick", "--json"],
     names=["ckpt-flip-weights-middle.ckpt"])
case("checkpoint", "quantize-truncated", ["quantize", "--checkpoint", os.path.join(S, "ckpt-truncated-10.ckpt"),
                                          "--profile", "quick", "--json"], names=["ckpt-truncated-10.ckpt"])

# Compensated checkpoints: place writes one into the cache; damage it and rerun the same command.
place = ["place", "--checkpoint", CKPT, "--data", DATA, "--layers", "fc3", "--profile", "quick",
         "--cache", os.path.join(S, "cache-place"), "--json"]
code, out, err = case("compensated", "place-layers-fc3", place, expect="valid") or (None, "", "")
place_ref = numbers_of(out)
compensated = []
for folder, _, files in os.walk(os.path.join(S, "cache-place")):
    for f in files:
        path = os.path.join(folder, f)
        if open(path, "rb").read(8) == b"CNCKPT02" and b"correctnet-compensated" in open(path, "rb").read(4096):
            compensated.append(path)
PLACE_FIELDS = ["clean_accuracy", "results", "placements", "accuracy", "mean_accuracy"]
if compensated:
    original = open(compensated[0], "rb").read()
    h = struct.unpack("<i", original[8:12])[0]
    for tag, content in [("flip-units", flip(original, len(original) - 7)),
                         ("truncated-10", original[:-10]),
                         ("appended-7", original + b"1234567"),
                         ("flip-header", flip(original, 116 + h // 2))]:
        open(compensated[0], "wb").write(content)
        case("compensated", f"rerun-{tag}", place, expect="either", names=[os.path.basename(compensated[0])],
             reference=place_ref, fields=[f for f in PLACE_FIELDS if place_ref and f in place_ref])
    open(compensated[0], "wb").write(original)
else:
    record("compensated", "found-in-cache", place, "-", "no compensated checkpoint found in the cache", "BAD",
           "place wrote no compensated checkpoint")

# --- numeric options ------------------------------------------------------------------------------------------------
TRAIN = ["train", "--epochs", "1", "--max-train", "200", "--max-test", "100", "--data", DATA, "--json"]
EVALUATE = ["evaluate", "--checkpoint", CKPT, "--data", DATA, "--chips", "1", "--max-test", "100",
            "--calibration-images", "64", "--json"]
PLACE = ["place", "--checkpoint", CKPT, "--data", DATA, "--profile", "quick", "--json"]
QUANTIZE = ["quantize", "--checkpoint", CKPT, "--data", DATA, "--profile", "quick", "--json"]
BENCH = ["bench", "--quick", "--json"]
REPRODUCE = ["reproduce", "--profile", "quick", "--notebooks", "none-such", "--out", os.path.join(S, "repro")]
BAD = ["-1", "nan", "inf", "1e999", "abc"]
options = {
    # command: (base, {option: values}); values legitimate for an option are left out where they would start long work.
    "evaluate": (EVALUATE, {"--sigma": BAD + ["1e9", "11"], "--chips": BAD + ["0"], "--first-chip": BAD,
                            "--seed": ["nan", "abc", "1e30"], "--adc-noise": BAD, "--max-test": BAD + ["0"],
                            "--calibration-images": BAD + ["0"], "--batch-size": BAD + ["0"]}),
    "train": (TRAIN, {"--epochs": BAD + ["0"], "--seed": ["nan", "abc"], "--batch-size": BAD + ["0"],
                      "--lr": BAD + ["0"], "--momentum": BAD + ["1"], "--weight-decay": BAD, "--width": BAD + ["0"],
                      "--max-train": BAD + ["0"], "--max-test": BAD + ["0"], "--beta": BAD,
                      "--train-sigma": BAD + ["1e9"]}),
    "place": (PLACE, {"--sigma": BAD + ["1e9"], "--alpha": BAD, "--seed": ["nan", "abc"]}),
    "quantize": (QUANTIZE, {"--sigma": BAD + ["1e9"], "--adc-noise": BAD, "--max-drop": BAD + ["2"],
                            "--chips": BAD + ["0"], "--unseen-chips": BAD + ["0"], "--validation-chips": BAD,
                            "--max-test": BAD + ["0"], "--seed": ["nan", "abc"], "--unseen-seed": ["abc"],
                            "--validation-seed": ["abc"], "--rows": BAD + ["0"], "--fine-tune-epochs": BAD}),
    "bench": (BENCH, {"--images": BAD + ["0"], "--repeats": BAD + ["0"], "--crossbar-repeats": BAD,
                      "--vgg-width": BAD + ["0"], "--sigma": BAD + ["1e9"], "--seed": ["nan", "abc"],
                      "--calibration-images": BAD + ["0"], "--threads": BAD + ["0"]}),
    "reproduce": (REPRODUCE, {"--timeout": BAD + ["0"]}),
}
for command, (base, table) in options.items():
    for option, values in table.items():
        for value in values:
            argv = list(base)
            if command == "train":
                argv += ["--out", os.path.join(S, f"opt-{option[2:]}-{value}.ckpt")]
            case("option", f"{command} {option} {value}", argv + [option, value], names=[option])
# Two options that agree alone but not together.
case("option", "quantize same seeds", QUANTIZE + ["--seed", "4", "--unseen-seed", "4"], names=["--unseen-seed", "seed"])
case("option", "evaluate --adc-noise on lognormal", EVALUATE + ["--preset", "lognormal", "--adc-noise", "0.5"],
     names=["--adc-noise"])
case("option", "evaluate unknown preset", EVALUATE + ["--preset", "memristor"], names=["memristor", "--preset"])
case("option", "train unknown model", TRAIN + ["--model", "alexnet", "--out", os.path.join(S, "x.ckpt")],
     names=["alexnet", "--model"])
case("option", "train unknown dataset", TRAIN + ["--dataset", "imagenet", "--out", os.path.join(S, "x.ckpt")],
     names=["imagenet", "--dataset"])
case("option", "sweep bad shard", ["sweep", "--grid", os.path.join(args.data, "..", "docs", "grids", "quick.json"),
                                   "--out", os.path.join(S, "sw"), "--shard", "3/2"], names=["--shard", "shard '3/2'"])
case("option", "evaluate --device nonsense", EVALUATE + ["--device", "gpu7"], names=["--device", "gpu7"])

# --- grids ----------------------------------------------------------------------------------------------------------
grids = {
    "json-truncated.json": '{"models": ["lenet5"], "datasets": ["fashion-mnist"], "sigmas": [0, 0.5',
    "yaml-unclosed.yaml": "models: [lenet5\ndatasets: [fashion-mnist]\nsigmas: [0, 0.5]\n",
    "yaml-tab.yaml": "models:\n\t- lenet5\n",
    "empty.json": "",
    "empty.yaml": "",
    "not-an-object.json": "[1, 2, 3]",
    "unknown-key.json": '{"models": ["lenet5"], "datasets": ["fashion-mnist"], "sigmas": [0], "colour": "red"}',
    "sigma-string.json": '{"models": ["lenet5"], "datasets": ["fashion-mnist"], "sigmas": ["abc"]}',
    "sigma-negative.json": '{"models": ["lenet5"], "datasets": ["fashion-mnist"], "sigmas": [-0.5]}',
    "sigma-nan.yaml": "models: [lenet5]\ndatasets: [fashion-mnist]\nsigmas: [.nan]\n",
    "sigma-huge.yaml": "models: [lenet5]\ndatasets: [fashion-mnist]\nsigmas: [1e9]\n",
    "no-models.json": '{"models": [], "datasets": ["fashion-mnist"], "sigmas": [0]}',
    "unknown-model.json": '{"models": ["alexnet"], "datasets": ["fashion-mnist"], "sigmas": [0]}',
    "unknown-dataset.json": '{"models": ["lenet5"], "datasets": ["imagenet"], "sigmas": [0]}',
    "unknown-method.json": '{"models": ["lenet5"], "datasets": ["fashion-mnist"], "sigmas": [0], "methods": ["x"]}',
    "chips-zero.json": '{"models": ["lenet5"], "datasets": ["fashion-mnist"], "sigmas": [0], "chips": 0}',
    "max-test-negative.json": '{"models": ["lenet5"], "datasets": ["fashion-mnist"], "sigmas": [0], "max_test": -1}',
    "binary.yaml": "\x00\x01\x02\xff",
    # A grid's format comes from its content, not its extension: a valid grid named .txt is not a bad input.
    "wrong-extension.txt": '{"models": ["lenet5"], "datasets": ["fashion-mnist"], "sigmas": [0], "chips": 0}',
}
for name, text in grids.items():
    path = os.path.join(S, "grid-" + name)
    open(path, "w", encoding="latin-1").write(text)
    case("grid", name, ["sweep", "--grid", path, "--out", os.path.join(S, "sweep-" + name)],
         names=["grid-" + name])
os.makedirs(os.path.join(S, "grid-dir.json"), exist_ok=True)
case("grid", "directory", ["sweep", "--grid", os.path.join(S, "grid-dir.json"), "--out", os.path.join(S, "sw2")],
     names=["grid-dir.json"])
case("grid", "missing", ["sweep", "--grid", os.path.join(S, "grid-none.json"), "--out", os.path.join(S, "sw3")],
     names=["grid-none.json"])

# --- outputs --------------------------------------------------------------------------------------------------------
case("output", "train --out under a file", TRAIN + ["--out", os.path.join(S, "a-file", "m.ckpt")],
     names=["a-file", "--out"])
case("output", "train --out is a directory", TRAIN + ["--out", S], names=["--out", S])
case("output", "train --out in /proc", TRAIN + ["--out", "/proc/correctnet/m.ckpt"], names=["/proc", "--out"])
case("output", "sweep --out is a file", ["sweep", "--grid", os.path.join(args.data, "..", "docs", "grids", "quick.json"),
                                         "--out", os.path.join(S, "a-file")], names=["a-file", "--out"])
case("output", "merge --out is a directory", ["merge", S, "--out", S], names=["--out", S])
case("output", "merge missing folder", ["merge", os.path.join(S, "no-sweep"), "--out", os.path.join(S, "m.csv")],
     names=["no-sweep"])
case("output", "merge folder is a file", ["merge", os.path.join(S, "a-file"), "--out", os.path.join(S, "m.csv")],
     names=["a-file"])
os.makedirs(os.path.join(S, "empty-sweep"), exist_ok=True)
case("output", "merge empty folder", ["merge", os.path.join(S, "empty-sweep"), "--out", os.path.join(S, "m.csv")],
     names=["empty-sweep"])
case("output", "merge --out under a file", ["merge", os.path.join(S, "empty-sweep"), "--out",
                                            os.path.join(S, "a-file", "m.csv")], names=["a-file", "--out"])
case("output", "evaluate --data is a checkpoint", evaluate(data=CKPT), names=["tiny.ckpt", "--data"])
case("output", "reproduce --out under a file", ["reproduce", "--profile", "quick", "--notebooks", "00-tour",
                                                "--out", os.path.join(S, "a-file", "r")], names=["a-file", "--out"])

# --- kills ----------------------------------------------------------------------------------------------------------
KILL_TRAIN = ["train", "--epochs", "3", "--max-train", "1500", "--max-test", "200", "--data", DATA, "--json"]


def body_hash(path):
    data = open(path, "rb").read()
    return data[52:84]


def kill_case(name, sig):
    if args.filter and args.filter not in f"kill/{name}":
        return
    full = os.path.join(S, f"kill-{name}-full.ckpt")
    cli(KILL_TRAIN + ["--out", full])
    part = os.path.join(S, f"kill-{name}.ckpt")
    proc = subprocess.Popen(["dotnet", args.cli] + KILL_TRAIN + ["--out", part], cwd=S, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    while time.time() < deadline and not os.path.exists(part) and proc.poll() is None:
        time.sleep(0.2)
    time.sleep(0.5)
    proc.send_signal(sig)
    _, kill_err = proc.communicate(timeout=120)
    killed_code = proc.returncode
    code, out, err, _ = cli(KILL_TRAIN + ["--out", part])
    same = os.path.exists(full) and os.path.exists(part) and body_hash(full) == body_hash(part)
    verdict = "identical-result" if code == 0 and same and not has_trace(kill_err) else "BAD"
    why = "" if verdict != "BAD" else f"resumed exit {code}, weights equal: {same}"
    record("kill", name, KILL_TRAIN + ["--out", part], f"{killed_code}->{code}",
           kill_err if kill_err.strip() else err, verdict, why)


kill_case("train-sigint", signal.SIGINT)
kill_case("train-sigkill", signal.SIGKILL)

# --- table ----------------------------------------------------------------------------------------------------------
counts = {}
for kind, *_rest, verdict, _why in rows:
    counts.setdefault(kind, {}).setdefault(verdict, 0)
    counts[kind][verdict] += 1
with open(args.out, "w") as table:
    table.write("| kind | case | command | exit | first line of stderr | verdict |\n|---|---|---|---|---|---|\n")
    for kind, name, command, code, line, verdict, why in rows:
        cell = line.replace("|", "\\|")
        table.write(f"| {kind} | {name} | `{command.replace('|', '/')}` | {code} | {cell} | "
                    f"{verdict}{' (' + why + ')' if why else ''} |\n")
    table.write("\n| kind | " + " | ".join(["clear-error", "identical-result", "valid-result", "BAD"]) + " |\n")
    table.write("|---|---|---|---|---|\n")
    for kind, c in counts.items():
        table.write(f"| {kind} | " + " | ".join(str(c.get(v, 0)) for v in
                                                  ["clear-error", "identical-result", "valid-result", "BAD"]) + " |\n")
bad = sum(1 for r in rows if r[5] == "BAD")
summary = f"{len(rows)} cases: " + ", ".join(
    f"{sum(1 for r in rows if r[5] == v)} {v}" for v in ["clear-error", "identical-result", "valid-result", "BAD"])
with open(args.out, "a") as table:
    table.write("\n" + summary + "\n")
print(summary)
print(f"table: {args.out}")
sys.exit(1 if bad else 0)
