"""The narrated episode: the narration spoken by a voice engine into one clip per slide
(`voicing`), the programs that make and join media (`ffmpeg`), and the timeline the clips give
every output that tells time (subtitles, chapters, the script's cues, the audio and video)."""
