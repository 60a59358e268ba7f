Attribute VB_Name = "KisXl"
' kis-xl's macros for the workbook's buttons (Alt+F8 lists them too).
' Each imports kis-xl by its package name, never by the workbook's file name, so a copy of the workbook
' saved under any name (a copy, a download's "(1)", Korean names) runs the same Python.
' Source: kis_xl/workbook/KisXl.bas; python -m kis_xl.workbook.build puts it into workbooks/kis_xl.xlsm.
Option Explicit

Sub KisRun()
    ' The Orders sheet's Run button: does what its Action cell says (DRY RUN, SUBMIT, REFRESH, FOLLOW, STOP).
    RunPython "import kis_xl.orders.macro as m; m.run_from_sheet()"
End Sub

Sub KisDryRun()
    ' Validates and prices the Orders sheet; sends nothing.
    RunPython "import kis_xl.orders.macro as m; m.validate_orders()"
End Sub

Sub KisSubmitOrders()
    ' Validates the Orders sheet and sends its valid rows (when Send orders is ON).
    RunPython "import kis_xl.orders.macro as m; m.submit_orders()"
End Sub

Sub KisRefreshOrders()
    ' Reads the sent rows' statuses and fills from KIS.
    RunPython "import kis_xl.orders.macro as m; m.refresh_orders()"
End Sub

Sub KisFollowOrders()
    ' Follows the working rows on KIS's fill notices (Excel on Windows, Use UDF Server TRUE).
    RunPython "import kis_xl.orders.macro as m; m.follow_orders()"
End Sub

Sub KisStopFollowing()
    ' Stops following the rows.
    RunPython "import kis_xl.orders.macro as m; m.stop_following()"
End Sub
