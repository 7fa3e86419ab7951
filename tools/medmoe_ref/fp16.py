"""Float16 conversion of exported graphs (placeholder until implemented)."""


def convert_file(src: str, dst: str) -> None:
    raise NotImplementedError("fp16 export is not implemented yet")
