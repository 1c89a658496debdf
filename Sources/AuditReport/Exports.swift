/// The shared vocabulary (hex, severity) the report code is written in.
@_exported import QSPCore
