# Build the Windows installer: dist\svdesk\ (PyInstaller one folder) and
# dist\svdesk-<version>-windows-x64-setup.exe (Inno Setup).
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\build_windows.ps1
#
# Needs: Python 3.11 x64 (python.org; the "py" launcher) and Inno Setup 6.3+ (jrsoftware.org),
# whose ISCC.exe is found on PATH or in its default folder. Uses .venv-build in the checkout,
# made with $env:SVDESK_PYTHON when set (CI: the python.exe of actions/setup-python), else py -3.11.
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

$Venv = Join-Path $Root ".venv-build"
$Py = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $Py)) {
    if ($env:SVDESK_PYTHON) { & $env:SVDESK_PYTHON -m venv $Venv } else { py -3.11 -m venv $Venv }
    if ($LASTEXITCODE -ne 0) { throw "Could not make .venv-build: install Python 3.11 (x64) first." }
}
& $Py -m pip install -q --disable-pip-version-check --require-hashes -r requirements-build.lock
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

$Version = (& $Py -c "import sys; sys.path.insert(0, '.'); import svdesk; print(svdesk.__version__)").Trim()
Write-Host "svdesk: building $Version"

Remove-Item -Recurse -Force dist\svdesk, build\pyinstaller -ErrorAction SilentlyContinue
& $Py -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller installer\svdesk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# A quick check that the bundle runs: the command-line twin prints its version and finds its data.
& dist\svdesk\svdesk-cli.exe --version
& dist\svdesk\svdesk-cli.exe check-install
if ($LASTEXITCODE -ne 0) { throw "The bundle is incomplete (svdesk-cli check-install failed)" }

$Iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) {
    foreach ($dir in @("${env:ProgramFiles(x86)}\Inno Setup 6", "$env:ProgramFiles\Inno Setup 6", "$env:LOCALAPPDATA\Programs\Inno Setup 6")) {
        if (Test-Path "$dir\ISCC.exe") { $Iscc = "$dir\ISCC.exe"; break }
    }
}
if (-not $Iscc) { throw "Inno Setup 6 (ISCC.exe) not found: install it from jrsoftware.org, or add it to PATH." }
& $Iscc /Qp "/DAppVersion=$Version" installer\windows\svdesk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "svdesk: built dist\svdesk-$Version-windows-x64-setup.exe"
