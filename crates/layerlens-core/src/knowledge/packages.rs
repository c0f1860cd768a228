//! Package facts the estimator stands on, each with where it comes from. Figures are decimal
//! megabytes (as `docker images` prints them), installed (uncompressed) size.
//!
//! Sources, abbreviated in the `source` fields:
//! - `repo-info`: docker-library/repo-info `repos/<image>/local/<tag>.md` (`docker inspect` size), gathered 2026-07/08.
//! - `dotnet baseline`: dotnet/dotnet-docker image-size test baselines.
//! - `docker-library/docs`: the docs repository's generated tag-details (older tags' sizes).
//! - `reports`: figures quoted in issues and articles (lower confidence: the range is wider).
//! - `pip measured`: wheels downloaded and installed (cp311 manylinux x86_64), 2026-11, with .pyc.
//! - `npm measured`: `npm install --omit=dev` in a fresh dir, node 20, 2026-11.
//! - `apk repo-info`: `apk info -s` as recorded in repo-info.
//! - `debian closure`: Depends/Recommends closure over Debian bookworm's Packages index, checked
//!   against `apt-get -s` (same set on 98/104 cases, sizes within 3 MB).
//!
//! All gathered in ../shared/knowledge (2026-11); regenerate from the same sources.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Debian,
    Ubuntu,
    Alpine,
    /// No package manager, a libc at most (distroless, chiseled).
    Minimal,
    Scratch,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Full,
    Slim,
    Alpine,
    Minimal,
}

/// A package (pip wheel, npm set, apk, Debian closure) with its installed size.
pub struct PackageFact {
    pub name: &'static str,
    pub mb: f64,
    /// What a package manager's cache keeps of it when not told otherwise (the download).
    pub cache_mb: f64,
    pub source: &'static str,
}

macro_rules! pkg {
    ($name:literal, $mb:expr, $cache:expr, $source:literal) => {
        PackageFact {
            name: $name,
            mb: $mb,
            cache_mb: $cache,
            source: $source,
        }
    };
}

/// pip: installed size with .pyc (pip compiles by default), wheel size = what the pip cache keeps.
/// Dependencies are separate rows: the model adds known dependencies itself (`PIP_DEPS`).
pub const PIP: &[PackageFact] = &[
    pkg!("numpy", 71.36, 16.92, "pip measured"),
    pkg!("pandas", 80.6, 12.36, "pip measured"),
    pkg!("scipy", 142.87, 35.35, "pip measured"),
    pkg!("pillow", 21.9, 7.14, "pip measured"),
    pkg!("matplotlib", 36.41, 9.85, "pip measured"),
    pkg!("scikit-learn", 48.44, 9.32, "pip measured"),
    pkg!("psycopg2-binary", 11.92, 4.28, "pip measured"),
    pkg!("lxml", 11.9, 5.21, "pip measured"),
    pkg!("grpcio", 19.1, 7.39, "pip measured"),
    pkg!("cryptography", 15.61, 4.75, "pip measured"),
    pkg!("boto3", 1.33, 0.14, "pip measured"),
    pkg!("botocore", 22.81, 16.56, "pip measured"),
    pkg!("django", 30.98, 8.32, "pip measured"),
    pkg!("flask", 0.75, 0.1, "pip measured"),
    pkg!("fastapi", 1.71, 0.16, "pip measured"),
    pkg!("uvicorn", 0.7, 0.09, "pip measured"),
    pkg!("sanic", 2.09, 0.26, "pip measured"),
    pkg!("pydantic", 4.12, 0.49, "pip measured"),
    pkg!("pydantic-core", 5.57, 2.25, "pip measured"),
    pkg!("sqlalchemy", 28.38, 4.68, "pip measured"),
    pkg!("pyarrow", 175.89, 55.02, "pip measured"),
    pkg!("opencv-python", 196.03, 73.78, "pip measured"),
    pkg!("opencv-python-headless", 159.51, 61.2, "pip measured"),
    pkg!("nltk", 12.94, 1.72, "pip measured"),
    pkg!("spacy", 125.43, 34.68, "pip measured"),
    pkg!("requests", 0.5, 0.07, "pip measured"),
    pkg!("gunicorn", 2.16, 0.26, "pip measured"),
    pkg!("celery", 4.07, 0.52, "pip measured"),
    pkg!("redis", 5.75, 0.56, "pip measured"),
    pkg!("psutil", 0.94, 0.16, "pip measured"),
    pkg!("pyyaml", 3.15, 0.81, "pip measured"),
    pkg!("setuptools", 6.17, 0.88, "pip measured"),
    pkg!("pip", 12.07, 1.95, "pip measured"),
    pkg!("wheel", 0.23, 0.03, "pip measured"),
    pkg!("kiwisolver", 5.59, 1.44, "pip measured"),
    pkg!("fonttools", 29.45, 5.49, "pip measured"),
    pkg!("contourpy", 1.23, 0.36, "pip measured"),
    // Common dependencies, measured 2026-11-23 with scripts/measure-pip (same method as above).
    pkg!("werkzeug", 1.77, 0.23, "pip measured (3.1.9)"),
    pkg!("jinja2", 1.21, 0.13, "pip measured (3.1.6)"),
    pkg!("itsdangerous", 0.10, 0.02, "pip measured (2.2.0)"),
    pkg!("click", 1.00, 0.13, "pip measured (8.5.1)"),
    pkg!("blinker", 0.05, 0.01, "pip measured (1.9.0)"),
    pkg!("markupsafe", 0.09, 0.02, "pip measured (3.0.4)"),
    pkg!("urllib3", 0.96, 0.14, "pip measured (2.8.0)"),
    pkg!("idna", 0.53, 0.07, "pip measured (3.20)"),
    pkg!("certifi", 0.25, 0.13, "pip measured (2026.10.18)"),
    pkg!("charset-normalizer", 0.98, 0.27, "pip measured (3.5.2)"),
    pkg!("packaging", 1.04, 0.13, "pip measured (26.3)"),
    pkg!("starlette", 0.70, 0.08, "pip measured (1.10.0)"),
    pkg!("typing-extensions", 0.37, 0.05, "pip measured (4.16.0)"),
    pkg!("anyio", 1.38, 0.13, "pip measured (4.16.0)"),
    pkg!("sniffio", 0.03, 0.01, "pip measured (1.3.1)"),
    pkg!("annotated-types", 0.07, 0.01, "pip measured (0.8.0)"),
    pkg!("h11", 0.20, 0.04, "pip measured (0.16.0)"),
    pkg!("python-dateutil", 0.68, 0.09, "pip measured (4.0.0)"),
    pkg!("pytz", 1.08, 0.51, "pip measured (2026.6)"),
    pkg!("tzdata", 0.59, 0.35, "pip measured (2026.6)"),
    pkg!("six", 0.09, 0.01, "pip measured (1.17.0)"),
    pkg!("joblib", 2.08, 0.31, "pip measured (1.6.0)"),
    pkg!("threadpoolctl", 0.21, 0.03, "pip measured (3.8.0)"),
    pkg!("cycler", 0.05, 0.01, "pip measured (0.12.1)"),
    pkg!("pyparsing", 1.09, 0.13, "pip measured (3.3.3)"),
    pkg!("jmespath", 0.16, 0.02, "pip measured (1.1.0)"),
    pkg!("s3transfer", 0.72, 0.09, "pip measured (0.19.3)"),
    pkg!("kombu", 2.16, 0.27, "pip measured (5.7.0)"),
    pkg!("billiard", 0.79, 0.09, "pip measured (4.3.2)"),
    pkg!("vine", 0.05, 0.01, "pip measured (5.1.0)"),
    pkg!("asgiref", 0.18, 0.03, "pip measured (3.13.0)"),
    pkg!("sqlparse", 0.37, 0.05, "pip measured (0.6.1)"),
    pkg!("greenlet", 2.38, 0.62, "pip measured (3.5.6)"),
    pkg!("regex", 3.74, 0.81, "pip measured (2026.11.15)"),
    pkg!("tqdm", 0.47, 0.08, "pip measured (4.70.1)"),
    pkg!("sanic-routing", 0.17, 0.03, "pip measured (23.12.0)"),
    pkg!("httptools", 1.66, 0.50, "pip measured (0.9.0)"),
    pkg!("uvloop", 14.09, 3.96, "pip measured (0.23.0)"),
    pkg!("ujson", 0.12, 0.05, "pip measured (6.1.0)"),
    pkg!("aiofiles", 0.08, 0.01, "pip measured (25.1.0)"),
    pkg!("websockets", 1.73, 0.23, "pip measured (17.4)"),
    pkg!("multidict", 1.85, 0.51, "pip measured (7.2.1)"),
    pkg!("html5tagger", 0.09, 0.02, "pip measured (2.0.0)"),
    pkg!("tracerite", 0.59, 0.11, "pip measured (2.6.5)"),
    pkg!("smart-open", 0.49, 0.08, "pip measured (9.0.2)"),
    pkg!("narwhals", 5.12, 0.50, "pip measured (2.29.0)"),
    pkg!("plotly", 60.95, 9.69, "pip measured (7.1.0)"),
    pkg!("gensim", 59.01, 27.81, "pip measured (4.4.0)"),
    pkg!(
        "tensorflow",
        1000.0,
        589.8,
        "reports (image delta ≈ 1 GB; wheel 590 MB)"
    ),
    pkg!("tensorflow-cpu", 600.0, 214.1, "reports (wheel 214 MB)"),
    pkg!(
        "torch",
        5700.0,
        887.5,
        "reports (CUDA build: image delta ≈ 5.7 GB)"
    ),
];

/// Well-known dependency lists (names only; sizes come from `PIP` or `PIP_SMALL_DEP_MB`).
pub const PIP_DEPS: &[(&str, &[&str])] = &[
    (
        "flask",
        &[
            "werkzeug",
            "jinja2",
            "itsdangerous",
            "click",
            "blinker",
            "markupsafe",
        ],
    ),
    ("django", &["asgiref", "sqlparse"]),
    (
        "fastapi",
        &[
            "starlette",
            "pydantic",
            "pydantic-core",
            "typing-extensions",
            "anyio",
            "idna",
            "sniffio",
            "annotated-types",
        ],
    ),
    (
        "requests",
        &["urllib3", "idna", "certifi", "charset-normalizer"],
    ),
    (
        "sanic",
        &[
            "sanic-routing",
            "httptools",
            "uvloop",
            "ujson",
            "aiofiles",
            "websockets",
            "multidict",
            "html5tagger",
            "tracerite",
        ],
    ),
    (
        "pandas",
        &["numpy", "python-dateutil", "pytz", "tzdata", "six"],
    ),
    (
        "scikit-learn",
        &["numpy", "scipy", "joblib", "threadpoolctl"],
    ),
    (
        "matplotlib",
        &[
            "numpy",
            "pillow",
            "kiwisolver",
            "fonttools",
            "contourpy",
            "cycler",
            "packaging",
            "pyparsing",
            "python-dateutil",
        ],
    ),
    (
        "boto3",
        &[
            "botocore",
            "jmespath",
            "s3transfer",
            "urllib3",
            "python-dateutil",
        ],
    ),
    (
        "celery",
        &["kombu", "billiard", "vine", "click", "python-dateutil"],
    ),
    ("uvicorn", &["click", "h11"]),
    ("gunicorn", &["packaging"]),
    (
        "spacy",
        &[
            "numpy",
            "pydantic",
            "pydantic-core",
            "thinc",
            "blis",
            "srsly",
            "murmurhash",
            "cymem",
            "preshed",
            "wasabi",
            "typer",
            "requests",
            "jinja2",
        ],
    ),
    ("nltk", &["click", "joblib", "regex", "tqdm"]),
    ("sqlalchemy", &["greenlet", "typing-extensions"]),
    ("gensim", &["numpy", "scipy", "smart-open"]),
    ("plotly", &["packaging", "narwhals"]),
];

/// `npm install --omit=dev` of typical sets: node_modules and the npm cache it leaves.
pub const NPM: &[PackageFact] = &[
    pkg!("express", 2.9, 5.3, "npm measured"),
    pkg!("@nestjs/core", 11.3, 14.1, "npm measured (nest core set)"),
    pkg!("next", 329.1, 139.1, "npm measured (next react react-dom)"),
    pkg!("typescript", 30.5, 21.4, "npm measured"),
    pkg!(
        "prisma",
        288.8,
        148.0,
        "npm measured (prisma @prisma/client)"
    ),
    pkg!("sharp", 20.4, 10.8, "npm measured"),
    pkg!("aws-sdk", 103.9, 23.6, "npm measured"),
    pkg!("@aws-sdk/client-s3", 12.0, 19.9, "npm measured"),
    pkg!(
        "react-scripts",
        260.4,
        217.3,
        "npm measured (with react react-dom)"
    ),
];

/// `static/knowledge/npm-measured.tsv`: compiled into native builds; the web app fetches it the
/// first time a Dockerfile runs npm (with the pip table) and hands it over with
/// [`install_npm_measured`] — it would cost ≈ 4 KB of the first load.
static NPM_TEXT: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// Hands the npm table's text to the estimator (the web app, once fetched; kept for the session).
pub fn install_npm_measured(text: &str) {
    let _ = NPM_TEXT.get_or_init(|| Box::leak(text.to_string().into_boxed_str()));
}

fn npm_measured_text() -> Option<&'static str> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        Some(
            *NPM_TEXT.get_or_init(|| include_str!("../../../../static/knowledge/npm-measured.tsv")),
        )
    }
    #[cfg(target_arch = "wasm32")]
    {
        NPM_TEXT.get().copied()
    }
}

/// A package installed alone with `npm install --omit=dev` (`npm-measured.tsv`): its tree as a
/// layer stores it, the npm cache it leaves, and whether its install script ran.
pub struct NpmMeasured {
    pub name: &'static str,
    pub version: &'static str,
    /// Packages in node_modules, itself included.
    pub packages: u32,
    pub mb: f64,
    pub cache_mb: f64,
    /// What its install script left elsewhere under HOME.
    pub elsewhere_mb: f64,
    /// The install script was not run (it downloads a browser or a binary, or compiles): what it
    /// adds is not in `mb`.
    pub scripts_skipped: bool,
}

/// The most an install script may add beyond what its package measured without it — the upper
/// end of a range, not a measurement: puppeteer's browser and Electron's binary unpack to a few
/// hundred MB (their release archives are 100–200 MB compressed).
pub const NPM_SCRIPT_DOWNLOAD_MAX_MB: f64 = 400.0;

/// Every row of `npm-measured.tsv`, read once (none on the web until the table is loaded).
pub fn npm_measured() -> &'static [NpmMeasured] {
    static TABLE: std::sync::OnceLock<Vec<NpmMeasured>> = std::sync::OnceLock::new();
    if let Some(t) = TABLE.get() {
        return t;
    }
    let Some(text) = npm_measured_text() else {
        return &[];
    };
    TABLE.get_or_init(|| {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("name\t") && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&'static str> = l.split('\t').collect();
                Some(NpmMeasured {
                    name: f.first()?,
                    version: f.get(1)?,
                    packages: f.get(2)?.parse().ok()?,
                    // The standard float parser would add ≈ 15 KB to the app's first load.
                    mb: super::bases::decimal(f.get(3)?)?,
                    cache_mb: super::bases::decimal(f.get(4)?)?,
                    elsewhere_mb: super::bases::decimal(f.get(5)?)?,
                    scripts_skipped: f.get(6).is_some_and(|n| *n == "scripts"),
                })
            })
            .collect()
    })
}

/// The measured row of an npm package (case-insensitive name).
pub fn npm_measured_row(name: &str) -> Option<&'static NpmMeasured> {
    npm_measured()
        .iter()
        .find(|r| r.name.eq_ignore_ascii_case(name))
}

/// A package from a vendor's own apt repository (not in Debian's index): what its `.deb` says it
/// installs (`Installed-Size`) and its Depends, which Debian's table then resolves against the
/// image like any install.
pub struct VendorDeb {
    pub name: &'static str,
    pub installed_mb: f64,
    /// How far versions differ (the range is ±this share).
    pub spread: f64,
    pub depends: &'static [&'static str],
    pub source: &'static str,
}

pub const VENDOR_DEBS: &[VendorDeb] = &[
    // Chrome's Depends as its 128 package lists them (one alternative of each group: libcurl4 of
    // libcurl3-gnutls | libcurl3-nss | libcurl4 | libcurl3, libgtk-3-0 of libgtk-3-0 | libgtk-4-1).
    VendorDeb {
        name: "google-chrome-stable",
        installed_mb: 210.4,
        spread: 0.25,
        depends: &[
            "ca-certificates", "fonts-liberation", "libasound2", "libatk-bridge2.0-0",
            "libatk1.0-0", "libatspi2.0-0", "libc6", "libcairo2", "libcups2", "libcurl4",
            "libdbus-1-3", "libdrm2", "libexpat1", "libgbm1", "libglib2.0-0", "libgtk-3-0",
            "libnspr4", "libnss3", "libpango-1.0-0", "libudev1", "libvulkan1", "libx11-6",
            "libxcb1", "libxcomposite1", "libxdamage1", "libxext6", "libxfixes3",
            "libxkbcommon0", "libxrandr2", "wget", "xdg-utils",
        ],
        source: "dpkg -I google-chrome-stable 76.0 (2019-08): Installed-Size 205,436 KiB; Depends of 128.0",
    },
];

/// apk installed sizes (KiB converted to MB); `build-base` is the sum of its parts measured
/// for alpine 3.23 plus g++ and make, which were not measured (the range says so).
pub const APK: &[PackageFact] = &[
    pkg!("libcrypto3", 5.21, 0.0, "apk repo-info"),
    pkg!("libssl3", 0.84, 0.0, "apk repo-info"),
    pkg!("musl", 0.67, 0.0, "apk repo-info"),
    pkg!("busybox", 0.81, 0.0, "apk repo-info"),
    pkg!("sqlite-libs", 1.64, 0.0, "apk repo-info"),
    pkg!("krb5-libs", 1.79, 0.0, "apk repo-info"),
    pkg!("tzdata", 3.25, 0.0, "apk repo-info"),
    pkg!("font-dejavu", 10.23, 0.0, "apk repo-info"),
    pkg!("gnutls", 2.06, 0.0, "apk repo-info"),
    pkg!("coreutils", 1.15, 0.0, "apk repo-info"),
    pkg!("gpg", 0.95, 0.0, "apk repo-info"),
    pkg!("readline", 0.3, 0.0, "apk repo-info"),
    pkg!("libstdc++", 2.8, 0.0, "apk repo-info"),
    pkg!("libgcc", 0.17, 0.0, "apk repo-info"),
    pkg!("libxml2", 1.07, 0.0, "apk repo-info"),
    pkg!("libcurl", 0.74, 0.0, "apk repo-info"),
    pkg!("curl", 1.6, 0.0, "apk repo-info (curl + libcurl + brotli-libs)"),
    pkg!("libjpeg-turbo", 0.66, 0.0, "apk repo-info"),
    pkg!("libwebp", 0.56, 0.0, "apk repo-info"),
    pkg!("gcc", 190.0, 0.0, "apk repo-info (gcc 163 MiB + binutils, isl, mpfr, gmp, mpc, libgomp, libatomic, zstd-libs)"),
    pkg!("binutils", 10.5, 0.0, "apk repo-info"),
    pkg!("musl-dev", 9.88, 0.0, "apk repo-info"),
    pkg!("build-base", 215.0, 0.0, "apk repo-info (gcc + musl-dev + binutils ≈ 200 MB) + g++/make (not measured)"),
    // `g++` depends on gcc and musl-dev, so it brings their closure too: build-base's row less
    // make (its own cc1plus not measured; the range says so).
    pkg!("g++", 214.0, 0.0, "derived: g++ pulls gcc + musl-dev + binutils (apk repo-info ≈ 200 MB) + its own compiler (not measured)"),
    pkg!("postgresql-dev", 130.0, 0.0, "reports (pulls clang-libs + llvm-libs ≈ 120 MB)"),
    // python3 on Alpine: python:3.13-alpine (45.58 MB) minus alpine (8.42 MB), both repo-info.
    pkg!("python3", 37.2, 0.0, "derived: python:3.13-alpine − alpine:3.24 (repo-info)"),
    pkg!("bash", 1.7, 0.0, "apk repo-info (bash 1364 KiB + readline 300 KiB)"),
    pkg!("git", 9.0, 0.0, "apk repo-info (git 6468 KiB + git-init-template 96 KiB) + the libraries it links as repo-info lists them elsewhere (libcurl 725 KiB, brotli-libs 932 KiB) and ≈ 0.8 MB of pcre2 and libexpat"),
    // pip as the lab measured it in a virtual environment: VENV_MB less its setuptools.
    pkg!("py3-pip", 5.9, 0.0, "derived: pip in a virtual environment (lab: venv 12.07 MB − setuptools 6.17 MB); python3 comes with it (APK_DEPENDS_BY_PREFIX)"),
];

/// apk packages that bring another by their name: every `py3-*` package of Alpine's aports
/// depends on `python3` (their APKBUILDs' `depends="python3 …"`), so `apk add py3-pip` installs
/// Python too.
pub const APK_DEPENDS_BY_PREFIX: &[(&str, &str)] = &[("py3-", "python3")];

/// apk packages whose row above already holds other rows (their dependencies): installing one
/// of those after it adds nothing, and it adds only what the others did not (Alpine's package
/// index: `build-base` depends on gcc, g++, make, musl-dev, binutils…; `g++` on gcc and
/// musl-dev; `gcc` on binutils).
pub const APK_INCLUDES: &[(&str, &[&str])] = &[
    (
        "build-base",
        &["g++", "gcc", "musl-dev", "binutils", "make"],
    ),
    ("g++", &["gcc", "musl-dev", "binutils"]),
    ("gcc", &["binutils"]),
];

/// Debian closures precomputed for common installs on debian:bookworm, (with Recommends, without)
/// in MB, `apt-get -s` against the base image's package set. Used until the full package table is
/// loaded. Generated from ../shared/knowledge/debian-closure-vs-apt-simulation.csv.
pub const APT_COMMON: &[(&str, f64, f64)] = &[
    ("build-essential", 402.1, 323.0),
    ("gcc", 268.6, 180.2),
    ("g++", 325.5, 267.2),
    ("make", 1.6, 1.6),
    ("python3", 36.6, 33.5),
    ("python3-dev", 155.2, 94.4),
    ("python3-pip", 476.8, 47.9),
    ("python3-venv", 40.8, 40.5),
    ("libpq-dev", 23.7, 23.0),
    ("curl", 15.8, 12.0),
    ("wget", 13.0, 3.7),
    ("git", 123.8, 108.8),
    ("libjpeg-dev", 89.6, 31.9),
    ("default-jdk", 665.2, 593.5),
    ("default-jdk-headless", 365.0, 308.3),
    ("default-jre-headless", 285.9, 229.3),
    ("nodejs", 117.3, 99.0),
    ("npm", 913.7, 235.9),
    ("ca-certificates", 9.0, 9.0),
    ("libssl-dev", 18.7, 18.7),
    ("libffi-dev", 0.3, 0.3),
    ("libxml2-dev", 180.3, 122.0),
    ("libxslt1-dev", 183.4, 125.1),
    ("zlib1g-dev", 89.7, 31.3),
    ("pkg-config", 0.3, 0.3),
    ("cmake", 360.9, 95.6),
    ("unzip", 0.4, 0.4),
    ("vim-tiny", 2.1, 2.0),
    ("postgresql-client", 68.9, 68.3),
    ("default-libmysqlclient-dev", 103.9, 45.6),
    ("imagemagick", 215.2, 96.4),
    ("ffmpeg", 638.5, 481.4),
    ("libgl1", 216.1, 216.1),
    ("libglib2.0-0", 58.4, 4.2),
    ("tesseract-ocr", 119.7, 100.8),
    ("gnupg", 26.1, 19.5),
    ("openssh-client", 19.1, 14.9),
    ("locales", 20.7, 20.7),
    ("nginx", 16.1, 15.7),
    ("supervisor", 39.4, 36.3),
    ("chromium", 951.4, 738.2),
    ("gdal-bin", 270.5, 252.7),
    ("libgdal-dev", 894.2, 696.6),
    ("ruby-full", 76.2, 62.3),
    ("php-cli", 71.6, 71.6),
    ("golang-go", 790.1, 464.3),
    ("rustc", 1227.2, 657.6),
    ("cargo", 1227.2, 675.9),
];
/// Shown to people (page and CLI): no internal paths. The rows come from
/// ../shared/knowledge/debian-closure-vs-apt-simulation.csv.
pub const APT_COMMON_SOURCE: &str =
    "the closure in Debian bookworm's package index, checked against apt-get's own simulation";

/// What `apt-get update` leaves in /var/lib/apt/lists unless removed in the same RUN.
pub const APT_LISTS_MB: f64 = 20.0;
/// What `apk update` / `apk add` without `--no-cache` leaves in /var/cache/apk (the index).
pub const APK_INDEX_MB: f64 = 2.5;
/// A Python virtual environment made with `python -m venv`: essentially the pip it bootstraps
/// (the `pip` row above: 12.07 MB installed with .pyc, pip measured); the rest are symlinks.
/// Before Python 3.12 it bootstraps setuptools too (the `setuptools` row, 6.17 MB): the lab's
/// 3.11 venv held pip 13.7 MB + setuptools 8.4 MB.
pub const VENV_MB: f64 = 12.07;
pub const VENV_SETUPTOOLS_MB: f64 = 6.17;
/// pip's HTTP cache also keeps the index pages it fetched: 2.10 MB for 12 packages in the lab
/// (lab/cases/pip-cache-headers-restored), ≈ 0.175 MB a package.
pub const PIP_INDEX_PAGE_MB: f64 = 0.175;
/// A RUN that changes almost nothing still writes a layer: 0–16 kB of content in the lab's builds
/// (lab/cases/run-noop, apt-update-separate-run), ≈ 3 kB of tar per LAB.md.
pub const TINY_LAYER: (u64, u64, u64) = (0, 2_000, 16_000);
/// apt and dpkg rewrite their state (/var/lib/dpkg/status, logs) on every install or removal:
/// measured 0.98–1.03 MB in lab/cases/cleanup-*.
pub const DPKG_STATE_MB: (f64, f64, f64) = (0.2, 1.0, 3.0);
/// The official images' idiom — `savedAptMark=$(apt-mark showmanual)`, install build deps, build,
/// `apt-mark auto '.*'; apt-mark manual $savedAptMark` (plus the libraries `ldd` finds), then
/// `apt-get purge -y --auto-remove` — keeps a small share of what it installed: python:3.12-slim-
/// bookworm keeps ≈ 11 MB of runtime libraries (libssl3, libsqlite3-0, libreadline8, … in
/// repo-info's package list, 2026-08; Installed-Size from Debian's index) of a 349 MB build
/// closure, ≈ 3 %. Share of the RUN's apt installs kept (low, mid, high).
pub const BUILD_DEPS_KEPT: (f64, f64, f64) = (0.0, 0.03, 0.10);
/// What a compiler's `-o` output weighs: a small C program is tens of kB (lab: 16 kB), a Go
/// binary MBs; the range says it is not known.
pub const C_BINARY_MB: (f64, f64, f64) = (0.005, 0.1, 50.0);
pub const GO_BINARY_MB: (f64, f64, f64) = (1.0, 10.0, 100.0);
/// Unpacking an archive: 1–10× its compressed size (lab: typescript.tgz 5.8 MB → 32.4 MB, 5.6×).
pub const UNPACK_FACTOR: (f64, f64, f64) = (1.0, 4.0, 10.0);

/// Archives whose unpacked size is known, recognised by where the RUN downloads them from.
pub struct ArchiveFact {
    /// A part of the download URL (the RUN's text names it, often in a variable).
    pub url: &'static str,
    pub what: &'static str,
    /// Unpacked MB (low, mid, high).
    pub unpacked_mb: (f64, f64, f64),
    pub source: &'static str,
}

pub const ARCHIVES: &[ArchiveFact] = &[ArchiveFact {
    url: "dl.google.com/go/go",
    what: "the Go toolchain",
    // Calibrated on tags the official-images truth test does not check (1.25, 1.27-alpine).
    unpacked_mb: (200.0, 226.0, 250.0),
    source: "golang:1.25-alpine 215.3 MB and 1.27-alpine 252.7 MB less alpine:3.24 8.4 MB, repo-info 2026-08: 207–244 MB",
}];

/// conda packages are `.tar.bz2` archives of built files, shared libraries mostly. What one
/// weighs once unpacked, as a multiple of its download: measured on Intel MKL 2018.0.0 (PyPI's
/// manylinux wheel: 679.2 MB of libraries, 182.8 MB when compressed with bzip2 -9 here, 3.7×;
/// conda's own linux-64 mkl-2018.0.1 download is 184.7 MB). Text and Python files compress
/// less well and pure-Python packages more, hence the range.
pub const CONDA_UNPACK: (f64, f64, f64) = (2.5, 3.7, 4.5);

/// A conda package whose download size is known (linux-64, anaconda.org file listings), and the
/// packages that pull it in without naming it.
pub struct CondaFact {
    pub name: &'static str,
    /// The download, MB: smallest, middle, largest of the builds listed.
    pub tar_mb: (f64, f64, f64),
    /// Requested packages that bring it in (on the channel the fact is about).
    pub pulled_by: &'static [&'static str],
    /// Only on Anaconda's default channel (conda-forge builds link OpenBLAS instead).
    pub defaults_only: bool,
    pub source: &'static str,
}

pub const CONDA: &[CondaFact] = &[
    // mkl-11.3.1 121.2 MB, 11.3.3 122.1/151.2 MB, 2017.0.1 128.2 MB, 2017.0.3 129.5 MB,
    // 2018.0.1 184.7 MB, 2019.4 204.1 MB: the median of the seven builds is 129.5 MB.
    CondaFact {
        name: "mkl",
        tar_mb: (121.2, 129.5, 204.1),
        pulled_by: &["numpy", "scipy", "scikit-learn", "sklearn", "numexpr", "pandas", "scikit-image", "pytables", "tables", "h5py", "matplotlib", "seaborn", "statsmodels", "theano", "gensim"],
        defaults_only: true,
        source: "Intel MKL, the BLAS Anaconda's numpy links since Anaconda 2.5 (docs.anaconda.com, MKL Optimizations); linux-64 mkl 11.3–2019.4, anaconda.org",
    },
    // qt-4.8.5 32.9 MB … qt-5.6.2 44.3 MB; matplotlib's Qt backend (pyqt) pulls it in.
    CondaFact {
        name: "qt",
        tar_mb: (32.9, 43.4, 45.7),
        pulled_by: &["matplotlib", "pyqt", "seaborn", "spyder"],
        defaults_only: false,
        source: "linux-64 qt 4.8.5–5.6.2, anaconda.org (pulled in by matplotlib through pyqt)",
    },
];

/// A Miniconda / Miniforge / Anaconda installer script, MB: Miniconda 1.9.1 19.8 MB (2013),
/// Miniconda2 4.3.11 28.8 MB, 4.3.27 35.4 MB, 4.5.11 41.8 MB (the `BYTES:` line of each script
/// on repo.anaconda.com), Miniforge3 25.3.0 78 MB (ray-project/ray#59727). Middle: the median.
pub const CONDA_INSTALLER_MB: (f64, f64, f64) = (19.8, 35.4, 78.0);

/// A package manager or build tool's cache: what fills it, where it lives, what empties it.
/// Sizes are not known ahead (they are the downloads), so a cache left behind is a lesson that
/// names the fix; the download itself is already in the command's own range.
pub struct CacheFact {
    pub tool: &'static str,
    /// Subcommands that fill the cache (empty: any use of the tool).
    pub fills: &'static [&'static str],
    /// Where it lives (a cache mount or `rm -rf` of any of these empties it).
    pub paths: &'static [&'static str],
    /// `(subcommand, required flag or "")` that empty it: `go clean -modcache`, `conda clean -a`.
    pub cleans: &'static [(&'static str, &'static str)],
    pub fix: &'static str,
}

/// From each tool's documentation of its cache locations and clean commands.
pub const CACHES: &[CacheFact] = &[
    CacheFact { tool: "go", fills: &["build", "install", "mod", "get", "test"], paths: &["/root/.cache/go-build", "/go/pkg/mod", "/root/go/pkg/mod"], cleans: &[("clean", "-cache"), ("clean", "-modcache")], fix: "Go keeps its module cache (/go/pkg/mod) and build cache (/root/.cache/go-build) in the layer. Build in a builder stage and copy only the binary, or use `RUN --mount=type=cache,target=/root/.cache/go-build` and `…,target=/go/pkg/mod`." },
    CacheFact { tool: "cargo", fills: &["build", "install", "fetch"], paths: &["/usr/local/cargo/registry", "/root/.cargo/registry", "/usr/local/cargo/git"], cleans: &[], fix: "Cargo keeps downloaded crates in its registry (and `target/` holds every build artifact). Build in a builder stage and copy only the binary, or use cache mounts for the registry and target." },
    CacheFact { tool: "mvn", fills: &[], paths: &["/root/.m2"], cleans: &[("dependency:purge-local-repository", "")], fix: "Maven keeps every downloaded dependency in ~/.m2. Build in a builder stage and copy only the jar, or use `RUN --mount=type=cache,target=/root/.m2`." },
    CacheFact { tool: "gradle", fills: &[], paths: &["/root/.gradle", "/home/gradle/.gradle"], cleans: &[], fix: "Gradle keeps its caches and wrapper in ~/.gradle. Build in a builder stage and copy only the artifact, or use `RUN --mount=type=cache,target=/root/.gradle`." },
    CacheFact { tool: "./gradlew", fills: &[], paths: &["/root/.gradle"], cleans: &[], fix: "The Gradle wrapper downloads Gradle itself and every dependency into ~/.gradle. Build in a builder stage, or use a cache mount." },
    CacheFact { tool: "gem", fills: &["install"], paths: &["/usr/local/bundle/cache", "/root/.gem", "/root/.local/share/gem"], cleans: &[("cleanup", "")], fix: "RubyGems keeps the downloaded .gem files. Add `--no-document` and remove `$GEM_HOME/cache` in the same RUN." },
    CacheFact { tool: "bundle", fills: &["install"], paths: &["/usr/local/bundle/cache", "/root/.bundle/cache"], cleans: &[("clean", "")], fix: "Bundler keeps the downloaded .gem files in the bundle's cache. Remove `/usr/local/bundle/cache` in the same RUN, or use a cache mount." },
    CacheFact { tool: "composer", fills: &["install", "require", "update"], paths: &["/root/.composer/cache", "/tmp/composer/cache", "/root/.cache/composer"], cleans: &[("clear-cache", ""), ("clearcache", "")], fix: "Composer keeps its download cache. Add `&& composer clear-cache` to the same RUN, or use a cache mount." },
    CacheFact { tool: "conda", fills: &["install", "create", "update", "env"], paths: &["/opt/conda/pkgs", "/root/.conda/pkgs", "/anaconda/pkgs"], cleans: &[("clean", "-a"), ("clean", "--all"), ("clean", "-afy"), ("clean", "-ay"), ("clean", "-t"), ("clean", "--tarballs"), ("clean", "-p")], fix: "conda keeps every downloaded package tarball and extracted copy in pkgs/. Add `&& conda clean -afy` to the same RUN." },
    CacheFact { tool: "mamba", fills: &["install", "create", "update", "env"], paths: &["/opt/conda/pkgs"], cleans: &[("clean", "-a"), ("clean", "--all"), ("clean", "-afy"), ("clean", "-ay")], fix: "mamba keeps downloaded packages in pkgs/. Add `&& mamba clean -afy` to the same RUN." },
    CacheFact { tool: "yarn", fills: &["install", "add", ""], paths: &["/usr/local/share/.cache/yarn", "/root/.cache/yarn", "/root/.yarn/berry/cache"], cleans: &[("cache", "")], fix: "Yarn keeps its package cache. Add `&& yarn cache clean` to the same RUN, or use a cache mount." },
    CacheFact { tool: "pnpm", fills: &["install", "add", "i"], paths: &["/root/.local/share/pnpm/store", "/root/.pnpm-store"], cleans: &[("store", "")], fix: "pnpm keeps its content-addressed store. Add `&& pnpm store prune` to the same RUN, or use a cache mount for the store." },
];

/// Debian `-slim` images exclude /usr/share/doc, man, info and locales from every install, so an
/// apt install adds less than its Installed-Size: measured on debian:bookworm-slim (lab/cases/
/// slim-apt-*) git 84 %, build-essential 92 %, curl 100 % of the closure's Installed-Size.
pub const SLIM_FACTOR: (f64, f64, f64) = (0.80, 0.92, 1.02);
/// Debian's Python packages compile their modules to .pyc when installed (py3compile), which
/// Installed-Size does not count: python3 added 132 % of its Installed-Size on bookworm-slim
/// (lab/cases/slim-apt-python3). Applied when a closure brings in Python's standard library.
pub const DEBIAN_PYC_FACTOR: f64 = 1.32;

/// System packages that build software and are not needed to run it: compilers, build systems,
/// headers (every `-dev` package). One list for the estimator (its "build tool ships in the final
/// image" lesson and each tool's own share) and the rewrite (what a split moves to the builder).
/// Names of Debian's and Alpine's archives.
pub const BUILD_TOOLS: &[&str] = &[
    "build-essential",
    "build-base",
    "gcc",
    "g++",
    "clang",
    "make",
    "cmake",
    "ninja-build",
    "pkg-config",
    "pkgconf",
    "autoconf",
    "automake",
    "libtool",
    "gfortran",
    "golang-go",
    "golang",
    "rustc",
    "cargo",
    "default-jdk",
    "python3-dev",
    "musl-dev",
    "linux-headers",
];

/// Recommended packages a program relies on to do its job: `apt-get install
/// --no-install-recommends` names them so it still works. curl, wget and git fetch over HTTPS and
/// only a Recommends brings the CA bundle (Debian bookworm's Packages, 2026-12: wget and git
/// Recommend ca-certificates, curl through libcurl4's Recommends).
pub const RECOMMENDS_RELIED_ON: &[(&str, &str)] = &[
    ("curl", "ca-certificates"),
    ("wget", "ca-certificates"),
    ("git", "ca-certificates"),
];

/// `packages` with the recommended packages they rely on ([`RECOMMENDS_RELIED_ON`]) added, for
/// an install without Recommends.
pub fn with_relied_recommends(packages: &mut Vec<String>) {
    for (pkg, relied) in RECOMMENDS_RELIED_ON {
        if packages.iter().any(|p| p == pkg) && !packages.iter().any(|p| p == relied) {
            packages.insert(0, relied.to_string());
        }
    }
}

/// Alpine: where a `-dev` subpackage's run-time library lives when it is not its origin package
/// (the `-dev` name without `-dev`, which holds the libraries for most of Alpine's aports:
/// `zlib-dev` → `zlib`, `libffi-dev` → `libffi`, `openssl-dev` → `openssl`, whose depends are
/// `libssl3` and `libcrypto3`). Source: the aports APKBUILDs (`subpackages="$pkgname-dev
/// $pkgname-libs …"`, main/ and community/, v3.18–3.20), read 2026-12.
pub const APK_DEV_RUNTIME: &[(&str, &str)] = &[
    ("ncurses-dev", "ncurses-libs"),
    ("sqlite-dev", "sqlite-libs"),
    ("postgresql-dev", "libpq"),
    ("libpq-dev", "libpq"),
    ("mariadb-dev", "mariadb-connector-c"),
    ("mariadb-connector-c-dev", "mariadb-connector-c"),
    ("jpeg-dev", "libjpeg-turbo"),
    ("libjpeg-turbo-dev", "libjpeg-turbo"),
    ("krb5-dev", "krb5-libs"),
    ("cyrus-sasl-dev", "libsasl"),
    ("gettext-dev", "gettext-libs"),
    ("musl-dev", ""),
    ("linux-headers", ""),
];

/// The Alpine package holding a `-dev` package's run-time library ([`APK_DEV_RUNTIME`], else the
/// origin package); `None` for a headers-only package or a name that is not `-dev`.
pub fn apk_runtime_of_dev(dev: &str) -> Option<&str> {
    match APK_DEV_RUNTIME.iter().find(|(d, _)| *d == dev) {
        Some((_, "")) => None,
        Some((_, r)) => Some(r),
        None => dev.strip_suffix("-dev").filter(|s| !s.is_empty()),
    }
}

/// A build tool or a `-dev` package ([`BUILD_TOOLS`]).
pub fn is_build_tool(pkg: &str) -> bool {
    pkg.ends_with("-dev") || BUILD_TOOLS.contains(&pkg)
}

#[cfg(test)]
mod npm_table_tests {
    use super::*;

    #[test]
    fn every_measured_npm_row_is_read() {
        let lines = npm_measured_text()
            .expect("native builds carry the table")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("name\t") && !l.trim().is_empty())
            .count();
        assert_eq!(npm_measured().len(), lines, "a row failed to parse");
        let express = npm_measured_row("Express").expect("express measured");
        assert!(express.mb > 1.0 && express.packages > 10 && !express.scripts_skipped);
        assert!(npm_measured_row("puppeteer").is_some_and(|r| r.scripts_skipped));
    }
}
