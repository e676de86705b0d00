; Inno Setup script for svdesk on Windows (Inno Setup 6.3 or later).
; Build it with installer\windows\build_windows.ps1, which runs PyInstaller first and passes
; the version:  ISCC.exe /DAppVersion=0.1.0 installer\windows\svdesk.iss
; Installs for the current user by default (no administrator rights needed); the user's
; databases and evidence live in %LOCALAPPDATA%\svdesk and are never touched by uninstalling.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
; AppId identifies svdesk across versions: keep it, or upgrades install side by side.
AppId={{F707233F-F269-4797-87CE-922216BA51A4}
AppName=svdesk
AppVersion={#AppVersion}
AppVerName=svdesk {#AppVersion}
AppPublisher=The svdesk authors
LicenseFile=..\..\LICENSE
AppComments=Measure, manage and evidence your organisation's social value
DefaultDirName={autopf}\svdesk
DefaultGroupName=svdesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=svdesk-{#AppVersion}-windows-x64-setup
SetupIconFile=svdesk.ico
UninstallDisplayIcon={app}\svdesk.exe
UninstallDisplayName=svdesk
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The one-folder PyInstaller bundle: svdesk.exe (window), svdesk-cli.exe (command line), _internal\.
Source: "..\..\dist\svdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; svdesk's licence and the third-party licences (Qt's LGPLv3 and how to replace Qt), in sight.
Source: "..\..\LICENSE"; DestDir: "{app}"; DestName: "LICENSE.txt"; Flags: ignoreversion
Source: "..\..\resources\licences\*"; DestDir: "{app}\licences"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\svdesk"; Filename: "{app}\svdesk.exe"; Comment: "Social value records and evidence"
Name: "{autodesktop}\svdesk"; Filename: "{app}\svdesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\svdesk.exe"; Description: "{cm:LaunchProgram,svdesk}"; Flags: nowait postinstall skipifsilent

[InstallDelete]
; An upgrade replaces the bundle wholesale, so no stale module of an older version stays behind.
Type: filesandordirs; Name: "{app}\_internal"
