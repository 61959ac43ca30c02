"""The statistics: the verdict engine's two answers (`compare`), SPC charts (`spc`), the comparative model
against peers (`peers`) and the engine's calibration by simulation (`calibration`)."""
