"""What bench/compare and bench/jmh share: the repository's paths, a JDK 25 found as ./dial4j finds
one (JAVA_HOME if it is 25 or newer, else the newest under the usual places; nothing is set), and
the build of what they run (bench/c's tools with make, the dial4j-bench module with Maven, only
when missing or older than a source)."""
import glob
import os
import re
import subprocess
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
MODULE = os.path.join(ROOT, "dial4j-bench")
JAR = os.path.join(MODULE, "target", "dial4j-bench.jar")
LIB = os.path.join(MODULE, "target", "lib")
MIN_JAVA = 25


def _major(home):
    """The major version of the JDK at home (its release file), or None."""
    if not os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return None
    try:
        with open(os.path.join(home, "release")) as f:
            m = re.search(r'^JAVA_VERSION="(?:1\.)?(\d+)', f.read(), re.M)
            return int(m.group(1)) if m else None
    except OSError:
        return None


def find_java():
    """The java command of a JDK 25 or newer; exits with a message if there is none."""
    home = os.environ.get("JAVA_HOME")
    if home and (_major(home) or 0) >= MIN_JAVA:
        return os.path.join(home, "bin", "java")
    found = []
    for pattern in ("/usr/lib/jvm/*", "/usr/local/java/*", "/opt/java/*", "/opt/jdk*",
                    os.path.expanduser("~/.sdkman/candidates/java/*")):
        for h in glob.glob(pattern):
            m = _major(h)
            if m and m >= MIN_JAVA and not os.path.islink(h):
                found.append((m, h))
    if not found:
        sys.exit(f"no JDK {MIN_JAVA} or newer found (JAVA_HOME, /usr/lib/jvm/*, ...): install one")
    return os.path.join(max(found)[1], "bin", "java")


def class_path():
    """The module's jar and its runtime dependencies, as java's -cp takes them."""
    return JAR + ":" + os.path.join(LIB, "*")


def _stale():
    if not os.path.exists(JAR) or not glob.glob(os.path.join(LIB, "*.jar")):
        return True
    built = os.path.getmtime(JAR)
    sources = [os.path.join(ROOT, "pom.xml")] + glob.glob(os.path.join(ROOT, "*", "pom.xml"))
    for d in ("dial4j-core", "dial4j-bench"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, d, "src", "main")):
            sources += [os.path.join(dirpath, f) for f in files]
    return any(os.path.getmtime(s) > built for s in sources)


def build(log=sys.stderr):
    """make -C bench/c; the dial4j-bench module (and the core it needs) when stale."""
    subprocess.run(["make", "-s", "-C", os.path.join(BENCH, "c")], check=True)
    if _stale():
        print("building dial4j-bench (mvn -q -DskipTests package -pl dial4j-bench -am) ...",
              file=log, flush=True)
        subprocess.run(["mvn", "-B", "-q", "-DskipTests", "-Dmaven.source.skip",
                        "-Dmaven.javadoc.skip", "package", "-pl", "dial4j-bench", "-am"],
                       cwd=ROOT, check=True)
