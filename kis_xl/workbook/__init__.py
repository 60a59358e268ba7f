"""The kis-xl workbook: built reproducibly from code (``python -m kis_xl.workbook.build``)."""
