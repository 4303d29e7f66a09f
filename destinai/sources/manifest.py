"""Which release files a build expects, where they come from, and their checksums.

The sources directory (``DESTINAI_SOURCES``) is laid out as ``esco/<version>/``,
``onet/<version>/``, ``oews/<year>/``, ``projections/<period>/`` and ``crosswalks/``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path

ESCO_DOWNLOAD = "https://esco.ec.europa.eu/en/use-esco/download"
ONET_DOWNLOAD = "https://www.onetcenter.org/database.html"
OEWS_DOWNLOAD = "https://www.bls.gov/oes/tables.htm"
PROJECTIONS_DOWNLOAD = "https://www.bls.gov/emp/tables.htm"
NESTA_DOWNLOAD = (
    "https://github.com/nestauk/mapping-career-causeways "
    "(supplementary_online_data/ONET_ESCO_crosswalk)"
)
ONET_2019_DOWNLOAD = "https://www.onetcenter.org/taxonomy/2019/walk.html"
ISCO_SOC_DOWNLOAD = "https://www.bls.gov/soc/soccrosswalks.htm"

ESCO_LICENCE = (
    "European Commission, ESCO; Commission Decision 2011/833/EU. "
    "This service uses the ESCO classification of the European Commission."
)
ONET_LICENCE = "O*NET Resource Center, US DOL/ETA; CC BY 4.0"
BLS_LICENCE = "US Bureau of Labor Statistics; public domain"

ONET_FILES = [
    "Occupation Data",
    "Alternate Titles",
    "Task Statements",
    "Skills",
    "Knowledge",
    "Technology Skills",
    "Tools Used",
    "Related Occupations",
    "Job Zones",
    "Job Zone Reference",
    "Education, Training, and Experience",
    "Education, Training, and Experience Categories",
    "Interests",
    "Work Styles",
    "Work Values",
    "Emerging Tasks",
    "Content Model Reference",
    "Scales Reference",
]
OPTIONAL_ONET = {"Emerging Tasks", "Content Model Reference", "Scales Reference"}


@dataclass
class SourceFile:
    """One file the build reads."""

    key: str
    path: Path
    release: str
    publisher: str
    download: str
    required: bool = True

    @property
    def present(self) -> bool:
        """Whether the file exists in the sources directory."""
        return self.path.is_file()

    def sha256(self) -> str | None:
        """SHA-256 of the file, or None when it is absent."""
        if not self.present:
            return None
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()

    def describe(self, with_checksum: bool = True) -> dict[str, object]:
        """A JSON-ready description (used by ``destinai sources`` and the build record)."""
        data = asdict(self)
        data["path"] = str(self.path)
        data["present"] = self.present
        data["bytes"] = self.path.stat().st_size if self.present else None
        data["sha256"] = self.sha256() if with_checksum else None
        return data


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", name)) or (0,)


def latest_release_dir(root: Path, default: str) -> Path:
    """The sub-directory with the highest version number, or ``root/default`` if none."""
    if root.is_dir():
        dirs = [d for d in root.iterdir() if d.is_dir()]
        if dirs:
            return max(dirs, key=lambda d: _version_key(d.name))
    return root / default


def _onet_file(folder: Path, name: str) -> Path:
    for suffix in (".xlsx", ".txt"):
        if (folder / f"{name}{suffix}").is_file():
            return folder / f"{name}{suffix}"
    return folder / f"{name}.xlsx"


def esco_files(root: Path) -> list[SourceFile]:
    """The ESCO archives or extracted CSVs of the newest ESCO release under ``root/esco``."""
    folder = latest_release_dir(root / "esco", "v1.1.1")
    release = f"ESCO {folder.name}"
    found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".zip", ".csv"}) \
        if folder.is_dir() else []
    if not found:
        version = folder.name.lstrip("v")
        found = [
            folder / f"ESCO dataset - v{version} - classification - en - csv.zip",
            folder / f"ESCO dataset - v{version} - relations - csv.zip",
        ]
    return [
        SourceFile(f"esco:{p.relative_to(folder)}", p, release, ESCO_LICENCE, ESCO_DOWNLOAD)
        for p in found
    ]


def expected_sources(root: Path) -> list[SourceFile]:
    """Every file a build reads from the sources directory ``root``, present or not."""
    files = esco_files(root)
    onet_dir = latest_release_dir(root / "onet", "29.2")
    for name in ONET_FILES:
        files.append(
            SourceFile(
                f"onet:{name}", _onet_file(onet_dir, name), f"O*NET {onet_dir.name}",
                ONET_LICENCE, ONET_DOWNLOAD, required=name not in OPTIONAL_ONET,
            )
        )
    oews_dir = latest_release_dir(root / "oews", "2024")
    oews = sorted(oews_dir.glob("national_M*_dl.xlsx")) if oews_dir.is_dir() else []
    files.append(
        SourceFile(
            "oews:national", oews[0] if oews else oews_dir / f"national_M{oews_dir.name}_dl.xlsx",
            f"OEWS May {oews_dir.name}", BLS_LICENCE, OEWS_DOWNLOAD,
        )
    )
    proj_dir = latest_release_dir(root / "projections", "2024-34")
    files.append(
        SourceFile(
            "projections:occupation", proj_dir / "occupation.xlsx",
            f"BLS Employment Projections {proj_dir.name}", BLS_LICENCE, PROJECTIONS_DOWNLOAD,
            required=False,
        )
    )
    xw = root / "crosswalks"
    files += [
        SourceFile("crosswalk:esco_onet", xw / "esco_onet_crosswalk_Nov2020.csv",
                   "Nesta ESCO-O*NET crosswalk, Nov 2020", "Nesta, Mapping Career Causeways",
                   NESTA_DOWNLOAD),
        SourceFile("crosswalk:onet_2010_2019", xw / "onet_soc_2010_to_2019_crosswalk.csv",
                   "O*NET-SOC 2010 to 2019 crosswalk", ONET_LICENCE, ONET_2019_DOWNLOAD),
        SourceFile("crosswalk:isco_soc", xw / "ISCO_SOC_Crosswalk.xls",
                   "BLS ISCO-08 to 2010 SOC crosswalk (2012, updated 2015)", BLS_LICENCE,
                   ISCO_SOC_DOWNLOAD),
    ]
    return files


def fingerprint(files: list[SourceFile]) -> str:
    """A cheap identity of the sources (names, sizes, modification times) for staleness."""
    parts = []
    for f in files:
        if f.present:
            st = f.path.stat()
            parts.append(f"{f.key}:{st.st_size}:{int(st.st_mtime)}")
        else:
            parts.append(f"{f.key}:absent")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
