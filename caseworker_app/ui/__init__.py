"""The Qt user interface: windows, screens, dialogs, models. Only this package imports Qt."""
