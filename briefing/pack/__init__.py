"""The briefing pack: its content (slides), their layout (boxes with wrapped text), and the two writers
(PowerPoint, PDF) that draw the same boxes."""
