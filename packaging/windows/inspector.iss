; Inno Setup 6.3+ script for the Windows installer of Return Inspection Station.
; Built by `python packaging\build.py --installer` on Windows after the PyInstaller step,
; which passes the version from inspector\__init__.py:
;   ISCC /DAppVersion=x.y.z /DSourceDir=..\..\dist\inspector /DOutputDir=..\..\dist inspector.iss
; Recordings and the database live in the user's data folder (%LOCALAPPDATA%\inspector),
; not in {app}, so upgrading or uninstalling never deletes them.

#ifndef AppVersion
  #error "Pass the version: ISCC /DAppVersion=x.y.z (packaging\build.py does this)"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\inspector"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "Return Inspection Station"

[Setup]
; The AppId identifies the app across upgrades: never change it.
AppId={{6F1C2B7E-4D1A-4E8B-9B0C-3A5D2E7F9C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Return Inspection Station
DefaultDirName={autopf}\Return Inspection Station
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Installs for all users when run as administrator, else offers a per-user install.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=inspector-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\inspector.ico
UninstallDisplayIcon={app}\inspector.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An upgrade replaces a running app's files: ask to close it first.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; A new version may drop libraries the old one had; stale DLLs must not be picked up.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\inspector.exe"
Name: "{group}\{#AppName} - check this PC"; Filename: "{cmd}"; Parameters: "/k ""{app}\inspector-cli.exe"" doctor"; IconFilename: "{app}\inspector.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\inspector.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\inspector.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
